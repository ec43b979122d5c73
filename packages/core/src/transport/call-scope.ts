import { AbortError } from '../errors/abort-error.js';
import { TimeoutError } from '../errors/timeout-error.js';

/** One signal that fires on the caller's abort or on the deadline, whichever comes first. */
export interface CallScope {
  readonly signal: AbortSignal;
  /** Deadline in ms since the epoch, if any. */
  readonly deadline: number | undefined;
  /** Milliseconds left before the deadline (Infinity without one). */
  remaining(): number;
  /** Release timers and listeners. */
  dispose(): void;
}

/** Options of `createCallScope`. */
export interface CallScopeOptions {
  readonly abortSignal?: AbortSignal;
  /** Absolute deadline, ms since the epoch. */
  readonly deadline?: number;
  /** Relative limit, ms; the earlier of this and `deadline` applies. */
  readonly timeoutMs?: number;
  /** Provider id for the `TimeoutError`. */
  readonly provider?: string;
  /** The phase reported when the deadline passes. Default `total`. */
  readonly phase?: 'total' | 'poll';
  readonly jobId?: string;
}

/**
 * Combine an abort signal and a deadline into one signal whose reason is already the right Easel
 * error: `AbortError` for the caller's abort, `TimeoutError` for the deadline.
 */
export function createCallScope(options: CallScopeOptions): CallScope {
  const start = Date.now();
  const candidates = [
    options.deadline,
    options.timeoutMs === undefined ? undefined : start + options.timeoutMs,
  ];
  const deadlines = candidates.filter((value): value is number => value !== undefined);
  const deadline = deadlines.length > 0 ? Math.min(...deadlines) : undefined;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = () =>
    new TimeoutError({
      phase: options.phase ?? 'total',
      ...(deadline === undefined ? {} : { timeoutMs: deadline - start }),
      provider: options.provider,
      jobId: options.jobId,
    });
  const onAbort = () => {
    const reason = options.abortSignal?.reason;
    controller.abort(
      AbortError.isInstance(reason) || TimeoutError.isInstance(reason)
        ? reason
        : new AbortError(undefined, { cause: reason }),
    );
  };
  if (options.abortSignal?.aborted) onAbort();
  else options.abortSignal?.addEventListener('abort', onAbort, { once: true });
  if (deadline !== undefined && !controller.signal.aborted) {
    const delay = deadline - start;
    if (delay <= 0) controller.abort(timeout());
    else timer = setTimeout(() => controller.abort(timeout()), delay);
  }
  return {
    signal: controller.signal,
    deadline,
    remaining: () => (deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now()),
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      options.abortSignal?.removeEventListener('abort', onAbort);
    },
  };
}
