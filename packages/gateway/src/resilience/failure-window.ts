/** Outcomes counted over a sliding window. */
export interface WindowTotals {
  readonly successes: number;
  readonly failures: number;
}

/**
 * Successes and failures over the last `windowMs`, kept in a fixed ring of count buckets (no list
 * of events grows with traffic). The window slides one bucket at a time, so it covers between
 * `windowMs - windowMs / buckets` and `windowMs` of history.
 */
export class FailureWindow {
  readonly #width: number;
  readonly #ids: number[];
  readonly #successes: number[];
  readonly #failures: number[];

  /**
   * @param windowMs Length of the window, ms.
   * @param buckets Number of buckets the window is split into. Default 10.
   */
  constructor(windowMs: number, buckets = 10) {
    if (!(windowMs > 0 && Number.isFinite(windowMs))) {
      throw new RangeError(`windowMs must be a positive finite number, got ${windowMs}`);
    }
    if (!(Number.isInteger(buckets) && buckets >= 1)) {
      throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
    }
    this.#width = windowMs / buckets;
    this.#ids = Array<number>(buckets).fill(Number.NEGATIVE_INFINITY);
    this.#successes = Array<number>(buckets).fill(0);
    this.#failures = Array<number>(buckets).fill(0);
  }

  /** Count one outcome at time `now` (ms). */
  record(outcome: 'success' | 'failure', now: number): void {
    const slot = this.#slotFor(now);
    if (outcome === 'success') this.#successes[slot] = (this.#successes[slot] ?? 0) + 1;
    else this.#failures[slot] = (this.#failures[slot] ?? 0) + 1;
  }

  /** Outcomes inside the window ending at `now` (ms). */
  totals(now: number): WindowTotals {
    const current = Math.floor(now / this.#width);
    let successes = 0;
    let failures = 0;
    this.#ids.forEach((id, slot) => {
      if (id > current - this.#ids.length && id <= current) {
        successes += this.#successes[slot] ?? 0;
        failures += this.#failures[slot] ?? 0;
      }
    });
    return { successes, failures };
  }

  /** Forget everything. */
  reset(): void {
    this.#ids.fill(Number.NEGATIVE_INFINITY);
    this.#successes.fill(0);
    this.#failures.fill(0);
  }

  #slotFor(now: number): number {
    const id = Math.floor(now / this.#width);
    const slot = ((id % this.#ids.length) + this.#ids.length) % this.#ids.length;
    if (this.#ids[slot] !== id) {
      this.#ids[slot] = id;
      this.#successes[slot] = 0;
      this.#failures[slot] = 0;
    }
    return slot;
  }
}
