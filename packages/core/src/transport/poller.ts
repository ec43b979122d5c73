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

/** Polling cadence: fast at first, backing off, capped. */
export interface PollInterval {
  /** First wait, ms. Default 500. */
  readonly initialMs: number;
  /** Growth per poll. Default 1.15. */
  readonly factor: number;
  /** Longest wait, ms. Default 2000. */
  readonly maxMs: number;
}

/** The default polling cadence. */
export const defaultPollInterval: PollInterval = { initialMs: 500, factor: 1.15, maxMs: 2000 };

/** Options of `pollUntilDone`. */
export interface PollUntilDoneOptions<VALUE> {
  /** Ask once. Throw a typed error for terminal failures (moderation, upstream error). */
  readonly poll: (signal: AbortSignal) => Promise<PollStep<VALUE>>;
  readonly provider: string;
  /** The job being polled; reported in the `TimeoutError` so the caller can resume it. */
  readonly jobId: string;
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
 * never resubmitted.
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
  let wait = interval.initialMs;
  try {
    for (;;) {
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
      await sleep(Math.min(wait, Math.max(0, scope.remaining())), scope.signal);
      if (scope.remaining() <= 0)
        throw (
          scope.signal.reason ??
          new TimeoutError({ phase: 'poll', provider: options.provider, jobId: options.jobId })
        );
      wait = Math.min(interval.maxMs, wait * interval.factor);
    }
  } finally {
    scope.dispose();
  }
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
