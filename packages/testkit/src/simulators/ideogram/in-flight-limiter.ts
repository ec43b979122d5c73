import type { FaultType, SimulatorRequest } from '../../simulator/index.js';

/** How an `InFlightLimiter` sees the simulator it guards. */
export interface InFlightLimiterOptions {
  /** Admitted requests per key that may be in flight at once; one more gets refused. */
  readonly limit: number;
  /** The requests the simulator has read so far, oldest first (`simulator.requests`). */
  readonly recorded: () => readonly SimulatorRequest[];
  /** The key a request is counted under, or `undefined` when it does not count (other routes, refused keys). */
  readonly keyOf: (request: SimulatorRequest) => string | undefined;
}

/** Faults whose requests may never reach the handler: they are counted when (if) they do. */
const unansweredFaults: ReadonlySet<FaultType | undefined> = new Set(['respond', 'reset', 'stall']);

/** Added to the longest injected latency before a held request that never arrived is forgotten. */
const abandonGraceMs = 1_000;

/**
 * Ideogram's concurrency limit: at most `limit` requests per API key in flight at once.
 *
 * A request is in flight from the moment the simulator has read it (when it is recorded) until
 * the handler has answered it. Requests held by a latency fault are recorded before the fault
 * waits and answered after, so they count while they wait; every other request is answered at
 * once. The verdict is taken in arrival order: a request is refused when `limit` admitted
 * requests of its key were in flight when it arrived, whenever its handler runs.
 */
export class InFlightLimiter {
  readonly #options: InFlightLimiterOptions;
  readonly #seen = new WeakSet<SimulatorRequest>();
  readonly #verdicts = new WeakMap<SimulatorRequest, boolean>();
  readonly #inFlight = new Map<string, Set<SimulatorRequest>>();
  #longestLatencyMs = 0;

  constructor(options: InFlightLimiterOptions) {
    this.#options = options;
  }

  /**
   * Takes the verdict on a request whose handler is running: `true` admits it (it counts until
   * `release`), `false` refuses it.
   */
  admit(request: SimulatorRequest, key: string): boolean {
    this.#catchUp();
    const verdict = this.#verdicts.get(request);
    if (verdict !== undefined) return verdict;
    this.#seen.add(request);
    return this.#decide(request, key);
  }

  /** Ends an admitted request's time in flight. */
  release(request: SimulatorRequest): void {
    this.#catchUp();
    for (const [key, requests] of this.#inFlight) {
      if (requests.delete(request) && requests.size === 0) this.#inFlight.delete(key);
    }
  }

  /**
   * Notes a latency fault's delay: a request it held that has not reached the handler that long
   * after arriving was abandoned by its client, and stops counting.
   */
  noteLatency(ms: number): void {
    this.#longestLatencyMs = Math.max(this.#longestLatencyMs, ms);
  }

  /** Forgets every request (after `simulator.reset()`, which forgets the recorded ones). */
  clear(): void {
    this.#inFlight.clear();
  }

  /** Takes the verdicts on requests recorded since the last look, in arrival order. */
  #catchUp(): void {
    for (const request of this.#options.recorded()) {
      if (this.#seen.has(request)) continue;
      this.#seen.add(request);
      if (unansweredFaults.has(request.fault)) continue;
      const key = this.#options.keyOf(request);
      if (key !== undefined) this.#decide(request, key);
    }
  }

  #decide(request: SimulatorRequest, key: string): boolean {
    const requests = this.#inFlight.get(key) ?? new Set<SimulatorRequest>();
    const abandonedBefore = request.receivedAt - this.#longestLatencyMs - abandonGraceMs;
    for (const held of requests) {
      // A held request reaches the handler once its latency is over, unless its client left.
      if (held.fault === 'latency' && held.receivedAt < abandonedBefore) requests.delete(held);
    }
    const admitted = requests.size < this.#options.limit;
    if (admitted) {
      requests.add(request);
      this.#inFlight.set(key, requests);
    }
    this.#verdicts.set(request, admitted);
    return admitted;
  }
}
