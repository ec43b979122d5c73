import { ProviderError } from '../errors/provider-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { createCallScope } from './call-scope.js';
import { sleep } from './sleep.js';
import { withDefaults } from './with-defaults.js';

/** One poll's verdict. */
export type PollStep<VALUE> =
  | { readonly done: true; readonly value: VALUE }
  | {
      readonly done: false;
      /** The provider's status word. */
      readonly status?: string;
      /** Completion, 0–1, when reported. */
      readonly progress?: number;
    };

/**
 * Polling cadence. The first poll comes `initialMs` after the job was submitted (a job is never
 * done the moment it is submitted; a job submitted longer ago is polled at once). While the
 * provider reports progress, each next poll is planned for when the job should be done at the
 * rate the progress has been moving, between `minMs` and `maxMs` from now; without progress (or
 * when it stalls), the waits grow by `factor` up to `maxMs`.
 */
export interface PollInterval {
  /** Wait before the first poll, and first wait of the backoff, ms. Default 500. */
  readonly initialMs: number;
  /** Growth of the wait per poll while no progress guides it. Default 1.15. */
  readonly factor: number;
  /** Longest wait, ms. Default 1000. */
  readonly maxMs: number;
  /** Shortest wait planned from reported progress, ms (never above `maxMs`). Default 200. */
  readonly minMs?: number;
}

/** The default polling cadence. */
export const defaultPollInterval: PollInterval = {
  initialMs: 500,
  factor: 1.15,
  maxMs: 1000,
  minMs: 200,
};

/** Options of `pollUntilDone`. */
export interface PollUntilDoneOptions<VALUE> {
  /** Ask once. Throw a typed error for terminal failures (moderation, upstream error). */
  readonly poll: (signal: AbortSignal) => Promise<PollStep<VALUE>>;
  readonly provider: string;
  /** The job being polled; reported in the `TimeoutError` so the caller can resume it. */
  readonly jobId: string;
  /**
   * When the job was submitted, ms since the epoch: the first poll comes `initialMs` after it, and
   * progress is judged from it. Default: when polling starts.
   */
  readonly submittedAt?: number;
  /** Wall-clock deadline, ms since the epoch. Polling stops there with a `TimeoutError`. */
  readonly deadline?: number;
  readonly abortSignal?: AbortSignal;
  readonly interval?: Partial<PollInterval>;
  /** Told after every poll that is not done. */
  readonly onPending?: (step: Extract<PollStep<VALUE>, { done: false }>) => void;
}

/**
 * Poll until the job is done, the wall-clock deadline passes (`TimeoutError` with phase `poll`
 * and the job id, so the job can be resumed), or the caller aborts. A retryable failure of one
 * poll (network, 5xx after the transport's own retries) just means "ask again later": the job is
 * never resubmitted. The cadence is described at `PollInterval`.
 */
export async function pollUntilDone<VALUE>(options: PollUntilDoneOptions<VALUE>): Promise<VALUE> {
  const interval = withDefaults(defaultPollInterval, options.interval);
  const scope = createCallScope({
    provider: options.provider,
    phase: 'poll',
    jobId: options.jobId,
    abortSignal: options.abortSignal,
    deadline: options.deadline,
  });
  const now = Date.now();
  const submittedAt = Math.min(options.submittedAt ?? now, now);
  const estimate = createReadyEstimate(submittedAt);
  let backoff = interval.initialMs;
  let wait = submittedAt + interval.initialMs - now;
  try {
    for (;;) {
      await sleep(Math.min(wait, Math.max(0, scope.remaining())), scope.signal);
      if (scope.remaining() <= 0)
        throw (
          scope.signal.reason ??
          new TimeoutError({ phase: 'poll', provider: options.provider, jobId: options.jobId })
        );
      let step: PollStep<VALUE> | undefined;
      try {
        step = await options.poll(scope.signal);
      } catch (error) {
        if (scope.signal.aborted) throw scope.signal.reason;
        if (
          !(ProviderError.isInstance(error) && error.retryable) &&
          !(TimeoutError.isInstance(error) && error.phase !== 'poll' && error.phase !== 'total')
        ) {
          throw error;
        }
      }
      if (step?.done) return step.value;
      if (step) options.onPending?.(step);
      backoff = Math.min(interval.maxMs, backoff * interval.factor);
      const untilReady = estimate(Date.now(), step?.progress);
      const minMs = Math.min(interval.minMs ?? 0, interval.maxMs);
      wait =
        untilReady === undefined ? backoff : Math.min(interval.maxMs, Math.max(minMs, untilReady));
    }
  } finally {
    scope.dispose();
  }
}

/**
 * Time until the job should be done, ms, judged from the progress reports so far: from the rate
 * between the first report above 0 and the latest one, or, with a single report, as if the job
 * had started when it was submitted. `undefined` without a usable report, or when progress
 * stalled.
 */
function createReadyEstimate(
  submittedAt: number,
): (now: number, progress: number | undefined) => number | undefined {
  let first: { time: number; progress: number } | undefined;
  let latest = 0;
  return (now, progress) => {
    if (progress === undefined || !(progress > latest && progress < 1)) return undefined;
    latest = progress;
    if (first === undefined) {
      first = { time: now, progress };
      return ((now - submittedAt) * (1 - progress)) / progress;
    }
    return ((now - first.time) * (1 - progress)) / (progress - first.progress);
  };
}

/** How each provider status word is to be treated. Every status must be listed. */
export interface StatusTable {
  readonly pending: readonly string[];
  readonly succeeded: readonly string[];
  /** Terminal failures; the adapter turns them into typed errors. */
  readonly failed: readonly string[];
}

/**
 * Classify a provider status explicitly. An unknown status is a `ProviderError` rather than a
 * reason to poll forever.
 */
export function classifyStatus(
  status: string,
  table: StatusTable,
  provider: string,
): 'pending' | 'succeeded' | 'failed' {
  if (table.pending.includes(status)) return 'pending';
  if (table.succeeded.includes(status)) return 'succeeded';
  if (table.failed.includes(status)) return 'failed';
  throw new ProviderError({
    provider,
    message: `unknown job status "${status}"`,
    providerCode: 'unknown_status',
    retryable: false,
  });
}
