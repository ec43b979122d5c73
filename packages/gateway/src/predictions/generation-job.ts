import {
  AbortError,
  createCallScope,
  type GenerateProgressEvent,
  type GenerateResult,
  type ModelDescription,
} from '@easel/core';
import type { GatewayHub } from '../gateway-hub.js';
import { randomHex } from '../random-tokens.js';

/** Options of `GenerationJob.wait`. */
export interface GenerationWaitOptions {
  /** Progress of the upstream calls. */
  readonly onProgress: (event: GenerateProgressEvent) => void;
}

/** A running generation, whichever way the model executes. */
export interface GenerationJob {
  /** For asynchronous models, the Easel job id (`easel.resume` can pick it up); else a local id. */
  readonly id: string;
  readonly resumable: boolean;
  /** Wait for the images; rejects with the generation's typed error, or with `stop`'s reason. */
  wait(options: GenerationWaitOptions): Promise<GenerateResult>;
  /**
   * Stop waiting, and stop a local generation: `wait` rejects with `reason` at once (also when
   * called later). Nothing is cancelled upstream (see `cancel`). Later calls do nothing.
   */
  stop(reason: unknown): void;
  /** Cancel upstream where the provider can; rejects when it cannot. */
  cancel(): Promise<void>;
}

/** Resolves once every microtask queued so far has run: a synchronous failure has surfaced by then. */
function nextMacrotask(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

/**
 * Start a generation. Asynchronous models go through `easel.submit`, which resolves once the
 * upstream accepted the job (its id is resumable). Synchronous models go through
 * `easel.generate`, so that their progress (retries, partial images) is seen too.
 *
 * Either way, the promise rejects, and no job exists, when the input is invalid or the provider
 * refused before anything was sent (a missing key): those surface at once, before any I/O, and
 * `startGeneration` waits one macrotask for them.
 */
export async function startGeneration(
  easel: GatewayHub,
  model: ModelDescription,
  input: Record<string, unknown>,
  deadlineMs: number,
): Promise<GenerationJob> {
  if (model.capabilities.execution === 'async') {
    const job = await easel.submit(model.path, input);
    const waiting = new AbortController();
    return {
      id: job.id,
      resumable: job.resumable,
      wait: options => job.wait({ ...options, abortSignal: waiting.signal, timeoutMs: deadlineMs }),
      stop: reason => waiting.abort(reason),
      cancel: () => job.cancel(),
    };
  }
  // The hub's scope (and the transport's below it) share this one's signal, deadline and timer:
  // the same limit and the same errors as an abort signal plus `timeoutMs`, one scope instead of
  // three per prediction.
  const scope = createCallScope({ provider: model.provider, timeoutMs: deadlineMs });
  let listener: ((event: GenerateProgressEvent) => void) | undefined;
  let result: Promise<GenerateResult>;
  try {
    result = easel.generate(model.path, input, {
      abortSignal: scope.signal,
      deadline: scope.deadline,
      timeoutMs: deadlineMs,
      onProgress: event => listener?.(event),
    });
  } catch (error) {
    scope.dispose();
    throw error;
  }
  let early: { readonly error: unknown } | undefined;
  result.then(scope.dispose, (error: unknown) => {
    early = { error };
    scope.dispose();
  });
  await nextMacrotask();
  if (early !== undefined) throw early.error;
  // No listener on an abort signal per prediction: `stop` rejects the pending wait directly.
  let stopped: { readonly reason: unknown } | undefined;
  let rejectWait: ((reason: unknown) => void) | undefined;
  return {
    id: `job_${randomHex(12)}`,
    resumable: false,
    wait: options => {
      listener = options.onProgress;
      if (stopped !== undefined) return Promise.reject(stopped.reason);
      return new Promise<GenerateResult>((resolve, reject) => {
        rejectWait = reject;
        result.then(resolve, reject);
      });
    },
    stop: reason => {
      if (stopped !== undefined) return;
      stopped = { reason };
      scope.abort(new AbortError('The generation was stopped.'));
      rejectWait?.(reason);
    },
    cancel: async () => scope.abort(new AbortError('The prediction was canceled.')),
  };
}
