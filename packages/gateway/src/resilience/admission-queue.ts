import { OverloadedError } from './overloaded-error.js';

/** Options of `AdmissionQueue`. */
export interface AdmissionQueueOptions {
  /** Requests admitted at once (a positive integer). */
  concurrency: number;
  /** Requests allowed to wait for a slot (an integer ≥ 0); one more is refused at once. */
  maxQueue: number;
  /** Longest wait for a slot, ms; `Infinity` waits forever. Default 30 000. */
  maxWaitMs?: number;
  /** Monotonic clock for service times, ms. Default `performance.now`. */
  now?: () => number;
}

/** Default `AdmissionQueueOptions.maxWaitMs`. */
export const defaultMaxWaitMs = 30_000;

/** Service times kept for the `Retry-After` estimate. */
const serviceSamples = 32;
/** Bounds of the `Retry-After` estimate, ms. */
const minimumRetryAfterMs = 1000;
const maximumRetryAfterMs = 60_000;

interface Waiter {
  grant(): void;
}

/**
 * A bounded FIFO in front of a scarce resource (upstream calls to one provider, or the whole
 * gateway): at most `concurrency` requests hold a slot, at most `maxQueue` wait, in arrival
 * order, for at most `maxWaitMs`. Everything beyond is shed with `OverloadedError`, whose
 * `retryAfterMs` estimates when a slot may be free from recent service times and the queue length.
 *
 * @example
 * const release = await queue.enter(request.signal); // may throw OverloadedError
 * try { return await generate(); } finally { release(); }
 */
export class AdmissionQueue {
  readonly #concurrency: number;
  readonly #maxQueue: number;
  readonly #maxWaitMs: number;
  readonly #now: () => number;
  /** Insertion-ordered: iteration gives the oldest waiter first. */
  readonly #waiters = new Set<Waiter>();
  readonly #serviceTimes: number[] = [];
  #nextSample = 0;
  #active = 0;

  constructor(options: AdmissionQueueOptions) {
    if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1)) {
      throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
    if (!(Number.isInteger(options.maxQueue) && options.maxQueue >= 0)) {
      throw new RangeError(`maxQueue must be an integer ≥ 0, got ${options.maxQueue}`);
    }
    this.#maxWaitMs = options.maxWaitMs ?? defaultMaxWaitMs;
    if (!(this.#maxWaitMs > 0)) {
      throw new RangeError(`maxWaitMs must be a positive number, got ${this.#maxWaitMs}`);
    }
    this.#concurrency = options.concurrency;
    this.#maxQueue = options.maxQueue;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Requests holding a slot. */
  get active(): number {
    return this.#active;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.#waiters.size;
  }

  /**
   * Estimated wait until a newly queued request would get a slot, ms: the mean of the last 32
   * service times × (waiting + 1) / concurrency, rounded up to whole seconds and kept within
   * 1–60 s (1 s before any request has finished).
   */
  retryAfterMs(): number {
    const samples = this.#serviceTimes;
    const mean =
      samples.length === 0 ? 0 : samples.reduce((sum, ms) => sum + ms, 0) / samples.length;
    const estimate = (mean * (this.#waiters.size + 1)) / this.#concurrency;
    const seconds = Math.ceil(estimate / 1000) * 1000;
    return Math.min(maximumRetryAfterMs, Math.max(minimumRetryAfterMs, seconds));
  }

  /**
   * A slot at once, without queueing: its release function when one is free and nobody waits,
   * else `undefined` (then `enter` queues). Release is idempotent.
   */
  tryEnter(): (() => void) | undefined {
    if (this.#active >= this.#concurrency || this.#waiters.size > 0) return undefined;
    this.#active++;
    return this.#lease();
  }

  /**
   * Resolves with a release function once a slot is free; rejects with OverloadedError at once
   * when the queue is full, or after maxWaitMs; with the signal's reason on abort (leaving the
   * queue). Release is idempotent.
   */
  enter(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const release = this.tryEnter();
    if (release !== undefined) return Promise.resolve(release);
    if (this.#waiters.size >= this.#maxQueue) {
      return Promise.reject(
        new OverloadedError({ reason: 'queue_full', retryAfterMs: this.retryAfterMs() }),
      );
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = () => {
        this.#waiters.delete(waiter);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        grant: () => {
          leave();
          this.#active++;
          resolve(this.#lease());
        },
      };
      const onAbort = () => {
        leave();
        reject(signal?.reason);
      };
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(this.#maxWaitMs)) {
        timer = setTimeout(() => {
          leave();
          reject(
            new OverloadedError({ reason: 'queue_timeout', retryAfterMs: this.retryAfterMs() }),
          );
        }, this.#maxWaitMs);
        // The request that waits keeps the process alive, not the queue's own timer.
        timer.unref();
      }
    });
  }

  #lease(): () => void {
    const started = this.#now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#recordServiceTime(this.#now() - started);
      this.#active--;
      const next = this.#waiters.values().next();
      if (!next.done) next.value.grant();
    };
  }

  #recordServiceTime(milliseconds: number): void {
    this.#serviceTimes[this.#nextSample] = milliseconds;
    this.#nextSample = (this.#nextSample + 1) % serviceSamples;
  }
}
