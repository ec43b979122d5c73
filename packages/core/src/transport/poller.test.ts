import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { classifyStatus, defaultPollInterval, type PollStep, pollUntilDone } from './poller.js';

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
  it('polls first after initialMs, then backs off by the factor up to maxMs while no progress is reported', async () => {
    vi.useFakeTimers({ now: 0 });
    const job = scripted<string>([
      { done: false, status: 'Pending' },
      { done: false, status: 'Pending' },
      { done: false, status: 'Pending' },
      { done: false, status: 'Pending' },
      { done: false, status: 'Pending' },
      { done: true, value: 'image' },
    ]);
    const pending: Array<string | undefined> = [];
    const result = pollUntilDone({
      poll: job.poll,
      provider: 'test',
      jobId: 'job-1',
      interval: { initialMs: 100, factor: 1.5, maxMs: 300 },
      onPending: step => pending.push(step.status),
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('image');
    expect(job.times[0]).toBe(100);
    const waits = job.times.slice(1).map((time, index) => time - job.times[index]!);
    expect(waits).toEqual([150, 225, 300, 300, 300]);
    expect(pending).toEqual(['Pending', 'Pending', 'Pending', 'Pending', 'Pending']);
  });

  it('plans each poll for when the reported progress says the job will be done', async () => {
    vi.useFakeTimers({ now: 0 });
    const readyAt = 10_000;
    const times: number[] = [];
    const progress: Array<number | undefined> = [];
    const result = pollUntilDone<string>({
      provider: 'test',
      jobId: 'job-2',
      poll: async () => {
        const now = Date.now();
        times.push(now);
        if (now >= readyAt) return { done: true, value: 'image' };
        return {
          done: false,
          status: 'Pending',
          progress: Math.floor((now / readyAt) * 1000) / 1000,
        };
      },
      onPending: step => progress.push(step.progress),
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('image');
    expect(times[0]).toBe(defaultPollInterval.initialMs);
    const waits = times.slice(1).map((time, index) => time - times[index]!);
    expect(Math.max(...waits)).toBeLessThanOrEqual(defaultPollInterval.maxMs);
    expect(times.at(-1)! - readyAt).toBeGreaterThanOrEqual(0);
    expect(times.at(-1)! - readyAt).toBeLessThan(defaultPollInterval.minMs!);
    expect(times.length).toBeLessThanOrEqual(readyAt / defaultPollInterval.maxMs + 2);
    expect(progress[0]).toBe(0.05);
  });

  it('counts the first wait from submittedAt: a job submitted long ago is polled at once', async () => {
    vi.useFakeTimers({ now: 10_000 });
    const submittedAt: number[] = [9_800, 1_000];
    const firstPolls: number[] = [];
    for (const submitted of submittedAt) {
      vi.setSystemTime(10_000);
      const job = scripted<string>([{ done: true, value: 'image' }]);
      const result = pollUntilDone({
        poll: job.poll,
        provider: 'test',
        jobId: 'job-6',
        submittedAt: submitted,
      });
      await vi.runAllTimersAsync();
      await expect(result).resolves.toBe('image');
      firstPolls.push(job.times[0]! - 10_000);
    }
    expect(firstPolls).toEqual([300, 0]);
  });

  it('falls back to the backoff when progress stalls', async () => {
    vi.useFakeTimers({ now: 0 });
    const job = scripted<string>([
      { done: false, progress: 0.5 },
      { done: false, progress: 0.5 },
      { done: false, progress: 0.5 },
      { done: true, value: 'image' },
    ]);
    const result = pollUntilDone({
      poll: job.poll,
      provider: 'test',
      jobId: 'job-3',
      interval: { initialMs: 100, factor: 2, maxMs: 1000, minMs: 50 },
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('image');
    const waits = job.times.slice(1).map((time, index) => time - job.times[index]!);
    // 100 ms in, half done: done in another 100 ms. Then no progress: 400, 800.
    expect(waits).toEqual([100, 400, 800]);
  });

  it('judges the rate from the progress reports, not from when polling began (a resumed job)', async () => {
    vi.useFakeTimers({ now: 0 });
    const job = scripted<string>([
      { done: false, progress: 0.6 },
      { done: false, progress: 0.61 },
      { done: false, progress: 0.62 },
      { done: true, value: 'image' },
    ]);
    const result = pollUntilDone({
      poll: job.poll,
      provider: 'test',
      jobId: 'job-4',
      interval: { initialMs: 600, maxMs: 1000, minMs: 50 },
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('image');
    const waits = job.times.slice(1).map((time, index) => time - job.times[index]!);
    // 60% in 600 ms: 400 ms to go. Then 1% in 400 ms: far from done, so the longest wait.
    expect(waits).toEqual([400, 1000, 1000]);
  });

  it('keeps every wait within maxMs, also when maxMs is below minMs', async () => {
    vi.useFakeTimers({ now: 0 });
    const job = scripted<string>([
      { done: false, progress: 0.1 },
      { done: false, progress: 0.99 },
      { done: true, value: 'image' },
    ]);
    const result = pollUntilDone({
      poll: job.poll,
      provider: 'test',
      jobId: 'job-5',
      interval: { initialMs: 10, factor: 1, maxMs: 10 },
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('image');
    expect(job.times).toEqual([10, 20, 30]);
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
    expect(job.times[0]).toBe(100);
    expect(job.times.at(-1)).toBeLessThanOrEqual(1000);
    expect(job.times.length).toBe(9);
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
      pollUntilDone({
        poll: scripted<string>([moderated]).poll,
        provider: 'test',
        jobId: 'j',
        interval: { initialMs: 1 },
      }),
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
