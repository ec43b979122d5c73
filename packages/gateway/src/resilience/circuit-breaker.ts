import { FailureWindow } from './failure-window.js';

/**
 * `closed`: calls go through and outcomes are counted. `open`: calls are refused until `openMs`
 * has passed. `half-open`: a few probe calls decide whether to close again or re-open.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Options of `CircuitBreaker`. */
export interface CircuitBreakerOptions {
  /** Failure rate (0–1] in the window at or above which the breaker opens. Default 0.5. */
  failureRateThreshold?: number;
  /** Fewest decided calls (successes plus failures) in the window before the rate counts. Default 10. */
  minimumRequests?: number;
  /** Length of the sliding window, ms (kept in 10 count buckets). Default 30 000. */
  windowMs?: number;
  /** How long the breaker stays open before it lets a probe through, ms. Default 15 000. */
  openMs?: number;
  /**
   * Probes allowed at once in half-open; that many probe successes close the breaker, any probe
   * failure re-opens it. Default 1.
   */
  halfOpenProbes?: number;
  /** Monotonic clock, ms. Default `performance.now`. */
  now?: () => number;
  /**
   * Told after every transition (e.g. to set a gauge or log). Called synchronously from
   * `tryAcquire`, `state` or a permit's method; it must not throw.
   */
  onStateChange?: (state: BreakerState, previous: BreakerState) => void;
}

/**
 * Leave to call upstream once. Report the outcome with exactly one of its methods (later calls
 * are ignored): `success()`, `failure()` (see `breakerOutcomeOf`), or `ignore()` when the outcome
 * says nothing about the provider's health (it releases a probe slot without deciding).
 */
export type BreakerPermit = {
  readonly ok: true;
  success(): void;
  failure(): void;
  ignore(): void;
};

/** A refused call: the breaker is open (or its probes are all out). */
export type BreakerRefusal = {
  readonly ok: false;
  /** How long until a probe may be tried, ms (at least 1). Use it for `Retry-After`. */
  readonly retryAfterMs: number;
};

/** Wait suggested while every half-open probe slot is taken: an outcome is expected soon. */
const probeBusyRetryMs = 1000;

/**
 * A circuit breaker for one upstream (one per provider). Closed, it counts outcomes in a sliding
 * window of count buckets and opens once at least `minimumRequests` calls were decided and the
 * failure rate reaches `failureRateThreshold`. Open, it refuses calls for `openMs`, then turns
 * half-open and lets `halfOpenProbes` probe calls through at a time: enough successes close it,
 * one failure re-opens it for another `openMs`. Outcomes reported by permits taken before the last
 * transition are ignored, so a slow call that started while closed cannot close or re-open it.
 *
 * @example
 * const permit = breaker.tryAcquire();
 * if (!permit.ok) return reply.code(503).header('retry-after', Math.ceil(permit.retryAfterMs / 1000));
 * try { const result = await easel.generate(model, input); permit.success(); return result; }
 * catch (error) { breakerOutcomeOf(error) === 'failure' ? permit.failure() : permit.ignore(); throw error; }
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #minimumRequests: number;
  readonly #openMs: number;
  readonly #halfOpenProbes: number;
  readonly #now: () => number;
  readonly #onStateChange: CircuitBreakerOptions['onStateChange'];
  readonly #window: FailureWindow;
  #state: BreakerState = 'closed';
  /** Bumped on every transition; permits from an older generation are stale. */
  #generation = 0;
  #openUntil = 0;
  #probesOut = 0;
  #probeSuccesses = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = options.failureRateThreshold ?? 0.5;
    this.#minimumRequests = options.minimumRequests ?? 10;
    this.#openMs = options.openMs ?? 15_000;
    this.#halfOpenProbes = options.halfOpenProbes ?? 1;
    if (!(this.#threshold > 0 && this.#threshold <= 1)) {
      throw new RangeError(`failureRateThreshold must be in (0, 1], got ${this.#threshold}`);
    }
    if (!(Number.isInteger(this.#minimumRequests) && this.#minimumRequests >= 1)) {
      throw new RangeError(
        `minimumRequests must be a positive integer, got ${this.#minimumRequests}`,
      );
    }
    if (!(this.#openMs >= 0 && Number.isFinite(this.#openMs))) {
      throw new RangeError(`openMs must be a finite number ≥ 0, got ${this.#openMs}`);
    }
    if (!(Number.isInteger(this.#halfOpenProbes) && this.#halfOpenProbes >= 1)) {
      throw new RangeError(
        `halfOpenProbes must be a positive integer, got ${this.#halfOpenProbes}`,
      );
    }
    this.#now = options.now ?? (() => performance.now());
    this.#onStateChange = options.onStateChange;
    this.#window = new FailureWindow(options.windowMs ?? 30_000);
  }

  /** The current state; an open breaker whose `openMs` has passed reports (and becomes) half-open. */
  get state(): BreakerState {
    this.#refresh();
    return this.#state;
  }

  /** A permit to call upstream, or a refusal with the wait until a probe may be tried. */
  tryAcquire(): BreakerPermit | BreakerRefusal {
    this.#refresh();
    if (this.#state === 'closed') return this.#closedPermit();
    if (this.#state === 'open') {
      return { ok: false, retryAfterMs: Math.max(1, Math.ceil(this.#openUntil - this.#now())) };
    }
    if (this.#probesOut + this.#probeSuccesses < this.#halfOpenProbes) return this.#probePermit();
    return { ok: false, retryAfterMs: Math.max(1, Math.min(this.#openMs, probeBusyRetryMs)) };
  }

  #closedPermit(): BreakerPermit {
    const generation = this.#generation;
    return settleOnce({
      success: () => {
        if (generation === this.#generation) this.#window.record('success', this.#now());
      },
      failure: () => {
        if (generation !== this.#generation) return;
        const now = this.#now();
        this.#window.record('failure', now);
        const { successes, failures } = this.#window.totals(now);
        const decided = successes + failures;
        if (decided >= this.#minimumRequests && failures / decided >= this.#threshold) {
          this.#transition('open');
        }
      },
      ignore: () => {},
    });
  }

  #probePermit(): BreakerPermit {
    const generation = this.#generation;
    this.#probesOut++;
    const current = () => generation === this.#generation;
    return settleOnce({
      success: () => {
        if (!current()) return;
        this.#probesOut--;
        this.#probeSuccesses++;
        if (this.#probeSuccesses >= this.#halfOpenProbes) this.#transition('closed');
      },
      failure: () => {
        if (current()) this.#transition('open');
      },
      ignore: () => {
        if (current()) this.#probesOut--;
      },
    });
  }

  #refresh(): void {
    if (this.#state === 'open' && this.#now() >= this.#openUntil) this.#transition('half-open');
  }

  #transition(next: BreakerState): void {
    const previous = this.#state;
    this.#state = next;
    this.#generation++;
    this.#probesOut = 0;
    this.#probeSuccesses = 0;
    if (next === 'open') this.#openUntil = this.#now() + this.#openMs;
    if (next === 'closed') this.#window.reset();
    this.#onStateChange?.(next, previous);
  }
}

function settleOnce(handlers: { success(): void; failure(): void; ignore(): void }): BreakerPermit {
  let settled = false;
  const once = (handler: () => void) => () => {
    if (settled) return;
    settled = true;
    handler();
  };
  return {
    ok: true,
    success: once(handlers.success),
    failure: once(handlers.failure),
    ignore: once(handlers.ignore),
  };
}
