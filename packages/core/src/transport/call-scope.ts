import { AbortError } from '../errors/abort-error.js';
import { TimeoutError } from '../errors/timeout-error.js';

/** One signal that fires on the caller's abort or on the deadline, whichever comes first. */
export interface CallScope {
  readonly signal: AbortSignal;
  /** Deadline in ms since the epoch, if any. */
  readonly deadline: number | undefined;
  /** Milliseconds left before the deadline (Infinity without one). */
  remaining(): number;
  /**
   * Abort now, as the caller's signal would: `reason` is kept when it is an `AbortError` or a
   * `TimeoutError`, otherwise it becomes the `cause` of an `AbortError`. A scope that shares an
   * enclosing scope's signal (see `createCallScope`) aborts that one.
   */
  abort(reason?: unknown): void;
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

/** What a scope's signal stands for, so that a nested scope asking for the same can share it. */
interface ScopeIdentity {
  readonly signal: AbortSignal;
  readonly abort: (reason?: unknown) => void;
  readonly deadline: number | undefined;
  readonly provider: string | undefined;
  readonly phase: 'total' | 'poll';
  readonly jobId: string | undefined;
}

const scopeIdentities = new WeakMap<AbortSignal, ScopeIdentity>();

function noop(): void {}

function abortReason(reason: unknown): AbortError | TimeoutError {
  return AbortError.isInstance(reason) || TimeoutError.isInstance(reason)
    ? reason
    : new AbortError(undefined, { cause: reason });
}

/**
 * Combine an abort signal and a deadline into one signal whose reason is already the right Easel
 * error: `AbortError` for the caller's abort, `TimeoutError` for the deadline.
 *
 * When `abortSignal` is itself a scope's signal with the same deadline, provider, phase and job
 * id (the transport's scope inside the hub's, for one call), that signal is returned as it is:
 * it fires exactly when a new one would, with the same reason, so a call pays for one controller,
 * one listener and one timer instead of one each per layer. A caller that makes the outermost
 * scope itself (and cancels through `abort`) and passes its signal and deadline down makes every
 * scope below it share that one.
 */
export function createCallScope(options: CallScopeOptions): CallScope {
  const start = Date.now();
  let deadline = options.deadline;
  if (options.timeoutMs !== undefined) {
    const limit = start + options.timeoutMs;
    if (deadline === undefined || limit < deadline) deadline = limit;
  }
  const phase = options.phase ?? 'total';
  const remaining = () =>
    deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
  const outer = options.abortSignal && scopeIdentities.get(options.abortSignal);
  if (
    outer !== undefined &&
    outer.deadline === deadline &&
    outer.provider === options.provider &&
    outer.phase === phase &&
    outer.jobId === options.jobId
  ) {
    return { signal: outer.signal, deadline, remaining, abort: outer.abort, dispose: noop };
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = () =>
    new TimeoutError({
      phase,
      ...(deadline === undefined ? {} : { timeoutMs: deadline - start }),
      provider: options.provider,
      jobId: options.jobId,
    });
  const abort = (reason?: unknown) => {
    if (!controller.signal.aborted) controller.abort(abortReason(reason));
  };
  const onAbort = () => abort(options.abortSignal?.reason);
  if (options.abortSignal?.aborted) onAbort();
  else options.abortSignal?.addEventListener('abort', onAbort, { once: true });
  if (deadline !== undefined && !controller.signal.aborted) {
    const delay = deadline - start;
    if (delay <= 0) controller.abort(timeout());
    else timer = setTimeout(() => controller.abort(timeout()), delay);
  }
  scopeIdentities.set(controller.signal, {
    signal: controller.signal,
    abort,
    deadline,
    provider: options.provider,
    phase,
    jobId: options.jobId,
  });
  return {
    signal: controller.signal,
    deadline,
    remaining,
    abort,
    dispose() {
      // A scope made after this one is disposed must not share a signal whose timer is gone.
      scopeIdentities.delete(controller.signal);
      if (timer !== undefined) clearTimeout(timer);
      options.abortSignal?.removeEventListener('abort', onAbort);
    },
  };
}
