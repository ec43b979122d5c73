const marker = Symbol.for('easel.gateway.error.OverloadedError');

/** Options of `OverloadedError`. */
export interface OverloadedErrorOptions {
  /** `queue_full`: refused on arrival. `queue_timeout`: waited `maxWaitMs` without a slot. */
  reason: 'queue_full' | 'queue_timeout';
  /** Suggested wait before trying again, ms (at least 1000). */
  retryAfterMs: number;
}

/**
 * The gateway is shedding load: the admission queue is full, or a request waited too long for a
 * slot. Answer it with 503 (or 429) and `Retry-After: ceil(retryAfterMs / 1000)`. Nothing was
 * sent upstream, so the client may safely retry.
 */
export class OverloadedError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'overloaded';
  /** Suggested wait before trying again, ms (at least 1000). */
  readonly retryAfterMs: number;
  /** Why the request was shed. */
  readonly reason: 'queue_full' | 'queue_timeout';
  readonly [marker] = true;

  constructor(options: OverloadedErrorOptions) {
    super(
      options.reason === 'queue_full'
        ? 'The gateway is overloaded: the queue is full.'
        : 'The gateway is overloaded: no slot became free in time.',
    );
    this.name = 'OverloadedError';
    this.reason = options.reason;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether `error` is an `OverloadedError`, also from another copy of this package. */
  static isInstance(error: unknown): error is OverloadedError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }
}
