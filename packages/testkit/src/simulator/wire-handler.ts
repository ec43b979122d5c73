import type { SimulatorRequest } from './simulator-request.js';
import type { SimulatorResponse } from './simulator-response.js';

/** What a wire handler gets besides the request. */
export interface SimulatorContext {
  /** The simulator's base URL, e.g. `http://127.0.0.1:43123`, for URLs the handler hands out. */
  readonly baseUrl: string;
  /**
   * A seeded random generator returning numbers in `[0, 1)`. Seeded from the simulator's seed
   * and the request's id, so a request's draws replay exactly whatever other requests do.
   */
  readonly random: () => number;
  /** Aborted when the client goes away or the simulator closes; stop long work on it. */
  readonly signal: AbortSignal;
}

/**
 * Speaks a provider's protocol: turns one request into one response. A handler that throws makes
 * the simulator answer 500 and records the error in `simulator.errors`.
 *
 * @example
 * const handler: WireHandler = request =>
 *   request.path === '/v1/models' ? { body: { data: [] } } : { status: 404, body: { error: 'not found' } };
 */
export type WireHandler = (
  request: SimulatorRequest,
  context: SimulatorContext,
) => SimulatorResponse | Promise<SimulatorResponse>;
