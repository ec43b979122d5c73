import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

const settle = () => new Promise(resolve => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` tasks at once, in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const started: number[] = [];
    const finish: Array<() => void> = [];
    const tasks = [0, 1, 2, 3].map(index =>
      limiter.run(
        () =>
          new Promise<number>(resolve => {
            started.push(index);
            finish[index] = () => resolve(index);
          }),
      ),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect(limiter.waiting).toBe(2);
    finish[1]!();
    await tasks[1];
    await settle();
    expect(started).toEqual([0, 1, 2]);
    finish[0]!();
    finish[2]!();
    await Promise.all([tasks[0], tasks[2]]);
    await settle();
    finish[3]!();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3]);
    expect(limiter.active).toBe(0);
  });

  it('holds an acquired slot until released, once', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    let second = false;
    const next = limiter.acquire().then(releaseNext => {
      second = true;
      return releaseNext;
    });
    await settle();
    expect(second).toBe(false);
    release();
    release();
    (await next)();
    expect(second).toBe(true);
    expect(limiter.active).toBe(0);
  });

  it('leaves the queue when the signal aborts', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    expect(limiter.waiting).toBe(0);
    release();
    expect(limiter.active).toBe(0);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
  });
});
