import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { classifyStatus, type PollStep, pollUntilDone } from './poller.js';

afterEach(() => {
  vi.useRealTimers();
});

function scripted<VALUE>(steps: Array<PollStep<VALUE> | Error>) {
  let index = 0;
  const times: number[] = [];
  return {
    times,
    poll: async () => {
      times.push(Date.now());
      const step = steps[Math.min(index++, steps.length - 1)]!;
      if (step instanceof Error) throw step;
      return step;
    },
  };
}

describe('pollUntilDone', () => {
  it('polls fast at first, backs off by the factor, caps the wait, and reports pending steps', async () => {
    vi.useFakeTimers({ now: 0 });
    const job = scripted<string>([
      { done: false, status: 'Pending', progress: 0.1 },
      { done: false, status: 'Pending' },
      { done: false, status: 'Pending' },
      { done: false, status: 'Pending' },
      { done: false, status: 'Pending', progress: 0.9 },
      { done: true, value: 'image' },
    ]);
    const pending: Array<number | undefined> = [];
    const result = pollUntilDone({
      poll: job.poll,
      provider: 'test',
      jobId: 'job-1',
      interval: { initialMs: 100, factor: 1.5, maxMs: 300 },
      onPending: step => pending.push(step.progress),
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('image');
    const waits = job.times.slice(1).map((time, index) => time - job.times[index]!);
    expect(waits).toEqual([100, 150, 225, 300, 300]);
    expect(pending).toEqual([0.1, undefined, undefined, undefined, 0.9]);
  });

  it('ends at the wall-clock deadline with a resumable TimeoutError, whatever the number of polls', async () => {
    vi.useFakeTimers({ now: 0 });
    const job = scripted<string>([{ done: false, status: 'Pending' }]);
    const result = pollUntilDone({
      poll: job.poll,
      provider: 'flux',
      jobId: 'job-42',
      deadline: 1000,
      interval: { initialMs: 100, factor: 1, maxMs: 100 },
    });
    const settled = expect(result).rejects.toSatisfy(
      error =>
        TimeoutError.isInstance(error) &&
        error.phase === 'poll' &&
        error.jobId === 'job-42' &&
        /can be resumed/.test(error.message),
    );
    await vi.runAllTimersAsync();
    await settled;
    expect(job.times.at(-1)).toBeLessThanOrEqual(1000);
    expect(job.times.length).toBe(10);
  });

  it('keeps polling through retryable failures and never gives up on the job for them', async () => {
    vi.useFakeTimers({ now: 0 });
    const flaky = new ProviderError({ provider: 'test', message: 'gateway hiccup', status: 502 });
    const job = scripted<string>([flaky, { done: false }, flaky, { done: true, value: 'ok' }]);
    const result = pollUntilDone({
      poll: job.poll,
      provider: 'test',
      jobId: 'j',
      interval: { initialMs: 10, factor: 1, maxMs: 10 },
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(job.times).toHaveLength(4);
  });

  it('stops at a terminal failure and on abort', async () => {
    const moderated = new ProviderError({ provider: 'test', message: 'Error', retryable: false });
    await expect(
      pollUntilDone({ poll: scripted<string>([moderated]).poll, provider: 'test', jobId: 'j' }),
    ).rejects.toBe(moderated);

    const controller = new AbortController();
    const result = pollUntilDone({
      poll: scripted<string>([{ done: false }]).poll,
      provider: 'test',
      jobId: 'j',
      abortSignal: controller.signal,
      interval: { initialMs: 10_000 },
    });
    controller.abort();
    await expect(result).rejects.toSatisfy(AbortError.isInstance);
  });
});

describe('classifyStatus', () => {
  const table = {
    pending: ['Pending'],
    succeeded: ['Ready'],
    failed: ['Error', 'Request Moderated'],
  };

  it('classifies every listed status and refuses unknown ones', () => {
    expect(classifyStatus('Pending', table, 'flux')).toBe('pending');
    expect(classifyStatus('Ready', table, 'flux')).toBe('succeeded');
    expect(classifyStatus('Request Moderated', table, 'flux')).toBe('failed');
    expect(() => classifyStatus('Teleported', table, 'flux')).toThrow(
      'unknown job status "Teleported"',
    );
  });
});
