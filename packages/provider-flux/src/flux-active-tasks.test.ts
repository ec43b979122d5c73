import { describe, expect, it } from 'vitest';
import { activeTasksFor, FluxActiveTasks } from './flux-active-tasks.js';

const settle = () => new Promise(resolve => setImmediate(resolve));

describe('FluxActiveTasks', () => {
  it('queues beyond the limit and frees a slot when the job is released', async () => {
    const tasks = new FluxActiveTasks({ maxActiveTasks: 2, maxActiveKontextMaxTasks: 1 });
    tasks.hold('a', await tasks.acquire('flux-kontext-pro'));
    tasks.hold('b', await tasks.acquire('flux-kontext-pro'));
    let third = false;
    const waiting = tasks.acquire('flux-kontext-pro').then(release => {
      third = true;
      return release;
    });
    await settle();
    expect(third).toBe(false);
    tasks.release('a');
    tasks.release('a');
    (await waiting)();
    expect(third).toBe(true);
    tasks.release('b');
    expect(tasks.active).toBe(0);
  });

  it('applies the stricter kontext-max limit on top of the general one', async () => {
    const tasks = new FluxActiveTasks({ maxActiveTasks: 5, maxActiveKontextMaxTasks: 1 });
    const first = await tasks.acquire('flux-kontext-max');
    let second = false;
    const waiting = tasks.acquire('flux-kontext-max').then(release => {
      second = true;
      return release;
    });
    const other = await tasks.acquire('flux-2-pro');
    await settle();
    expect(second).toBe(false);
    first();
    (await waiting)();
    other();
    expect(second).toBe(true);
    expect(tasks.active).toBe(0);
  });

  it('is shared by every provider instance with the same key', () => {
    const limits = { maxActiveTasks: 24, maxActiveKontextMaxTasks: 6 };
    expect(activeTasksFor('sk-shared-key-000001', limits)).toBe(
      activeTasksFor('sk-shared-key-000001', limits),
    );
    expect(activeTasksFor('sk-shared-key-000001', limits)).not.toBe(
      activeTasksFor('sk-other-key-0000002', limits),
    );
  });
});
