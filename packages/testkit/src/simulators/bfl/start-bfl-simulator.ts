import {
  createSeededRandom,
  type FaultRule,
  type Simulator,
  type SimulatorRequest,
  startSimulator,
} from '../../simulator/index.js';
import { createBflApiHandler } from './bfl-api-handler.js';
import { BflDelivery } from './bfl-delivery.js';
import type { BflSimulatorJob, SimulatedBflJob } from './bfl-job.js';
import { type BflSimulatorOptions, resolveBflSimulatorOptions } from './bfl-simulator-options.js';
import type { BflSimulatorState } from './bfl-simulator-state.js';
import { BflWebhookSender } from './bfl-webhooks.js';

/**
 * A running BFL simulator: the API origin (`url`, where faults are injected) and a separate
 * delivery origin (`deliveryUrl`) for result files. `requests` are the API origin's; `errors`,
 * `connections()` and `connectionsAccepted()` cover both origins; `clearFaults()` and `reset()`
 * act on both (`reset()` keeps jobs and balances, and restarts the submission counts); `close()` closes both.
 */
export interface BflSimulator extends Simulator {
  /** Jobs by id (survives as long as the simulator; lets tests resume by id). */
  readonly jobs: ReadonlyMap<string, BflSimulatorJob>;
  /**
   * Times a job was submitted since the last `reset()`: how many accepted submissions carried the
   * same model and the same JSON body (key order aside). Always 1 unless a client resubmitted, so
   * tests assert "no double submission" with `submissions()`, the highest such count over all jobs
   * (0 before any). With an `id`, the count for that job's request (0 for an unknown id).
   */
  submissions(id?: string): number;
  /** When job `id` turned (or will turn) Ready, ms since the epoch. */
  readyAt(id: string): number | undefined;
  /** The delivery (result file) origin. */
  readonly deliveryUrl: string;
  /**
   * Requests the delivery origin received, oldest first (a snapshot). Downloads need no key:
   * tests check that no `x-key` header was sent there.
   */
  deliveryRequests(): readonly SimulatorRequest[];
  /** Adds a fault rule on the delivery origin; returns a function that removes it. */
  injectDelivery(rule: FaultRule): () => void;
}

/**
 * Starts a loopback simulator of Black Forest Labs' FLUX API, written from BFL's OpenAPI spec:
 * point an adapter's base URL at `simulator.url`.
 *
 * - `POST /v1/<model>` for flux-kontext-pro, flux-kontext-max, flux-pro-1.1, flux-pro-1.1-ultra,
 *   flux-2-pro, flux-2-max, flux-2-flex and flux-dev: the body is checked against the spec and
 *   BFL's own rules (422 `HTTPValidationError` listing every problem), the key's credits (402) and
 *   active tasks (429); the answer is `AsyncResponse` (or `AsyncWebhookResponse`);
 * - `GET /v1/get_result?id=`: `Pending` with rising `progress` for `jobDurationMs`, then `Ready`
 *   with a signed, expiring `result.sample` URL on the delivery origin (or the outcome a
 *   `bflTestPrompts` prompt asks for); an unknown id answers 200 `Task not found`;
 * - every API call needs `x-key` (403 otherwise); downloads need none;
 * - samples are real JPEG/PNG/WebP images of `bflOutputSize`, rendered when downloaded,
 *   deterministic from the job's seed and prompt;
 * - `webhook_url`s on loopback get the final `ResultResponse` POSTed, signed with
 *   `bflWebhookSignature` when a `webhook_secret` was given; other URLs are never called.
 *
 * @throws TypeError when an option is out of range.
 * @example
 * const simulator = await startBflSimulator({ apiKey: 'bfl-test-key', jobDurationMs: 50 });
 * const submitted = await fetch(`${simulator.url}/v1/flux-kontext-pro`, {
 *   method: 'POST',
 *   headers: { 'x-key': 'bfl-test-key', 'content-type': 'application/json' },
 *   body: JSON.stringify({ prompt: 'a lighthouse at dusk', aspect_ratio: '16:9' }),
 * }).then(response => response.json());
 * // … poll submitted.polling_url until status is Ready, download result.sample …
 * expect(simulator.errors).toEqual([]);
 * await simulator.close();
 */
export async function startBflSimulator(options: BflSimulatorOptions = {}): Promise<BflSimulator> {
  const resolved = resolveBflSimulatorOptions(options);
  const ownErrors: unknown[] = [];
  const jobs = new Map<string, SimulatedBflJob>();
  const delivery = new BflDelivery(id => jobs.get(id));
  const webhooks = new BflWebhookSender(error => ownErrors.push(error));
  const deliveryOrigin = await startSimulator({
    seed: resolved.seed,
    handler: request => delivery.serve(request),
  });
  const state: BflSimulatorState = {
    options: resolved,
    jobs,
    submissions: new Map(),
    random: createSeededRandom(resolved.seed),
    delivery,
    deliveryUrl: deliveryOrigin.url,
    webhooks,
  };
  let api: Simulator;
  try {
    api = await startSimulator({
      ...(resolved.port === undefined ? {} : { port: resolved.port }),
      seed: resolved.seed,
      handler: createBflApiHandler(state),
    });
  } catch (error) {
    await deliveryOrigin.close();
    throw error;
  }

  return {
    url: api.url,
    origins: [api.url, deliveryOrigin.url],
    port: api.port,
    deliveryUrl: deliveryOrigin.url,
    jobs,
    get requests() {
      return api.requests;
    },
    get errors() {
      return [...api.errors, ...deliveryOrigin.errors, ...ownErrors];
    },
    inject: rule => api.inject(rule),
    injectDelivery: rule => deliveryOrigin.inject(rule),
    clearFaults: () => {
      api.clearFaults();
      deliveryOrigin.clearFaults();
    },
    reset: () => {
      api.reset();
      deliveryOrigin.reset();
      ownErrors.length = 0;
      state.submissions.clear();
    },
    connections: () => api.connections() + deliveryOrigin.connections(),
    connectionsAccepted: () => api.connectionsAccepted() + deliveryOrigin.connectionsAccepted(),
    deliveryRequests: () => deliveryOrigin.requests,
    submissions: id => {
      if (id !== undefined) {
        const job = jobs.get(id);
        return job === undefined ? 0 : (state.submissions.get(job.fingerprint) ?? 0);
      }
      let highest = 0;
      for (const count of state.submissions.values()) highest = Math.max(highest, count);
      return highest;
    },
    readyAt: id => jobs.get(id)?.readyAt,
    close: async () => {
      webhooks.close();
      await Promise.all([api.close(), deliveryOrigin.close()]);
    },
  };
}
