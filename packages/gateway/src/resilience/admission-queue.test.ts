import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdmissionQueue } from './admission-queue.js';
import { OverloadedError } from './overloaded-error.js';

const settle = () => new Promise(resolve => setImmediate(resolve));

/** Track when each `enter` settles, without awaiting it. */
function track(promise: Promise<() => void>) {
  const state: { release?: () => void; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    release => {
      state.release = release;
      state.settled = true;
    },
    (error: unknown) => {
      state.error = error;
      state.settled = true;
    },
  );
  return state;
}

describe('AdmissionQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits up to `concurrency` at once and queues the rest', async () => {
    const queue = new AdmissionQueue({ concurrency: 2, maxQueue: 5 });
    const first = track(queue.enter());
    const second = track(queue.enter());
    const third = track(queue.enter());
    await settle();
    expect([first.settled, second.settled, third.settled]).toEqual([true, true, false]);
    expect([queue.active, queue.queued]).toEqual([2, 1]);
    first.release?.();
    await settle();
    expect(third.release).toBeTypeOf('function');
    expect([queue.active, queue.queued]).toEqual([2, 0]);
  });

  it('grants slots in arrival order', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 10 });
    const holder = await queue.enter();
    const order: number[] = [];
    const waiting = [0, 1, 2, 3].map(index =>
      queue.enter().then(release => {
        order.push(index);
        return release;
      }),
    );
    holder();
    for (const entered of waiting) (await entered)();
    expect(order).toEqual([0, 1, 2, 3]);
    expect([queue.active, queue.queued]).toEqual([0, 0]);
  });

  it('does not let a newcomer overtake a waiter when a slot frees up', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 10 });
    const holder = await queue.enter();
    const waiter = track(queue.enter());
    holder();
    const newcomer = track(queue.enter());
    await settle();
    expect(waiter.settled).toBe(true);
    expect(newcomer.settled).toBe(false);
    expect(queue.active).toBe(1);
  });

  it('refuses at once with queue_full when maxQueue are already waiting', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 1 });
    await queue.enter();
    const waiting = track(queue.enter());
    const error = await queue.enter().catch((caught: unknown) => caught);
    expect(OverloadedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'overloaded', reason: 'queue_full' });
    expect((error as OverloadedError).retryAfterMs).toBeGreaterThanOrEqual(1000);
    await settle();
    expect(waiting.settled).toBe(false);
    expect(queue.queued).toBe(1);
  });

  it('sheds immediately with maxQueue 0 once every slot is taken', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 0 });
    await queue.enter();
    await expect(queue.enter()).rejects.toMatchObject({ reason: 'queue_full' });
  });

  it('gives up with queue_timeout after maxWaitMs and leaves the queue', async () => {
    vi.useFakeTimers();
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 5, maxWaitMs: 2_000 });
    const holder = await queue.enter();
    const waiting = track(queue.enter());
    await vi.advanceTimersByTimeAsync(1_999);
    expect(waiting.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.error).toBeInstanceOf(OverloadedError);
    expect(waiting.error).toMatchObject({ reason: 'queue_timeout' });
    expect(queue.queued).toBe(0);
    holder();
    expect(queue.active).toBe(0);
  });

  it('rejects with the signal reason on abort and leaves the queue', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 5 });
    const holder = await queue.enter();
    const controller = new AbortController();
    const waiting = queue.enter(controller.signal);
    const next = track(queue.enter());
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    expect(queue.queued).toBe(1);
    holder();
    await settle();
    expect(next.release).toBeTypeOf('function');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 5 });
    await expect(queue.enter(AbortSignal.abort(new Error('too late')))).rejects.toThrow('too late');
    expect(queue.active).toBe(0);
  });

  it('makes release idempotent', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 5 });
    const release = await queue.enter();
    const second = track(queue.enter());
    const third = track(queue.enter());
    release();
    release();
    release();
    await settle();
    expect(second.settled).toBe(true);
    expect(third.settled).toBe(false);
    expect([queue.active, queue.queued]).toEqual([1, 1]);
  });

  it('estimates Retry-After from recent service times and the queue length', async () => {
    let now = 0;
    const queue = new AdmissionQueue({ concurrency: 2, maxQueue: 3, now: () => now });
    expect(queue.retryAfterMs()).toBe(1000);
    const a = await queue.enter();
    const b = await queue.enter();
    now += 4_000;
    a();
    now += 2_000;
    b();
    const holders = [await queue.enter(), await queue.enter()];
    for (let index = 0; index < 3; index++) track(queue.enter());
    const error = (await queue.enter().catch((caught: unknown) => caught)) as OverloadedError;
    // mean service 5 s × (3 waiting + 1) / 2 slots = 10 s
    expect(error.retryAfterMs).toBe(10_000);
    for (const release of holders) release();
  });

  it('keeps the estimate within 1–60 s', async () => {
    let now = 0;
    const queue = new AdmissionQueue({ concurrency: 1, maxQueue: 1, now: () => now });
    const quick = await queue.enter();
    now += 1;
    quick();
    expect(queue.retryAfterMs()).toBe(1000);
    const slow = await queue.enter();
    now += 3_600_000;
    slow();
    expect(queue.retryAfterMs()).toBe(60_000);
  });

  it('refuses nonsensical settings', () => {
    expect(() => new AdmissionQueue({ concurrency: 0, maxQueue: 1 })).toThrow(RangeError);
    expect(() => new AdmissionQueue({ concurrency: 1.5, maxQueue: 1 })).toThrow(RangeError);
    expect(() => new AdmissionQueue({ concurrency: 1, maxQueue: -1 })).toThrow(RangeError);
    expect(() => new AdmissionQueue({ concurrency: 1, maxQueue: 1, maxWaitMs: 0 })).toThrow(
      RangeError,
    );
  });
});
