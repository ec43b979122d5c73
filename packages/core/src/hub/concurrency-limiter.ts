/** A FIFO semaphore: at most `limit` tasks run at once; the rest wait their turn. */
export class ConcurrencyLimiter {
  #active = 0;
  readonly #queue: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Run `task` when a slot is free. Leaving the queue on abort rejects with the signal's reason. */
  async run<VALUE>(task: () => Promise<VALUE>, signal?: AbortSignal): Promise<VALUE> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /**
   * Take a slot when one is free and keep it until the returned function is called (calling it
   * again does nothing): for work that outlives one call, such as an asynchronous job from
   * submission to its last poll. Leaving the queue on abort rejects with the signal's reason.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.#take(signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release();
    };
  }

  #take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.#active++;
        resolve();
      };
      const onAbort = () => {
        const index = this.#queue.indexOf(grant);
        if (index !== -1) this.#queue.splice(index, 1);
        reject(signal?.reason);
      };
      this.#queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #release(): void {
    this.#active--;
    this.#queue.shift()?.();
  }
}
