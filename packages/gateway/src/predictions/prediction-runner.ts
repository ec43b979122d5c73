import {
  AbortError,
  type GenerateProgressEvent,
  type GenerateResult,
  ProviderError,
} from '@easel/core';
import type { Logger } from 'pino';
import type { AdmissionLease } from '../admission/provider-admission.js';
import type { FileRepository } from '../files/file-repository.js';
import { toGatewayError } from '../http/error-mapping.js';
import type { GenerationJob } from './generation-job.js';
import type { PredictionObserver } from './prediction-observer.js';
import type { PredictionFailure, PredictionRecord } from './prediction-record.js';
import type { PredictionRepository } from './prediction-repository.js';
import { nothingWasGenerated } from './retry-safety.js';

/** How often `logs` webhooks and log writes may happen, ms (Replicate's throttle). */
const logsIntervalMs = 500;

/** The final state of a prediction, with its result while it is still in memory. */
export interface Completion {
  readonly record: PredictionRecord;
  /** The generation's result (its images serve `data:` URIs without a store read); absent after a failure. */
  readonly result?: GenerateResult;
}

/** Options of `PredictionRunner`. */
export interface PredictionRunnerOptions {
  readonly repository: PredictionRepository;
  readonly files: FileRepository;
  readonly observer: PredictionObserver;
  readonly logger: Logger;
  /** Forget the `Idempotency-Key` of a prediction that failed without generating anything. */
  readonly forgetIdempotencyKey: (storeKey: string) => Promise<void>;
}

interface ActivePrediction {
  record: PredictionRecord;
  readonly job: GenerationJob;
  readonly done: Promise<Completion>;
  /** The first write of the record to the store; `undefined` while it is deferred. */
  stored: Promise<void> | undefined;
  cancelRequested: boolean;
  shuttingDown: boolean;
  warnings: string[];
  logsTimer: NodeJS.Timeout | undefined;
  lastProgressLine: string | undefined;
}

function progressLine(event: GenerateProgressEvent): string | undefined {
  const call = event.call > 0 ? `[call ${event.call}] ` : '';
  switch (event.type) {
    case 'submitted':
      return `${call}submitted upstream job ${event.jobId}`;
    case 'pending': {
      const percent = event.progress === undefined ? '' : ` ${Math.round(event.progress * 100)}%`;
      return `${call}${event.status ?? 'pending'}${percent}`;
    }
    case 'retry':
      return `${call}attempt ${event.attempt} in ${event.delayMs} ms: ${event.reason}`;
    case 'partial-image':
      return `${call}partial image ${event.partial} of image ${event.index}`;
    default:
      return undefined;
  }
}

/** A failure as kept on the record: what an HTTP answer about it would say. */
export function failureOf(error: unknown): PredictionFailure {
  const gatewayError = toGatewayError(error);
  return {
    code: gatewayError.code,
    message: gatewayError.message,
    status: gatewayError.status,
    details: gatewayError.details,
    headers: gatewayError.headers,
    retrySafe: nothingWasGenerated(error),
  };
}

/**
 * Runs admitted predictions in the background, independent of the request that started them:
 * waits for the Easel job, stores the images as files, writes the final record, reports to the
 * observer (webhooks, metrics) and frees the admission slot. Requests wait on `waitFor` for as
 * long as their `Prefer` allows; cancellation and graceful shutdown go through here too.
 */
export class PredictionRunner {
  readonly #options: PredictionRunnerOptions;
  readonly #active = new Map<string, ActivePrediction>();
  #closing = false;

  constructor(options: PredictionRunnerOptions) {
    this.#options = options;
  }

  /** Predictions running in this process. */
  get activeCount(): number {
    return this.#active.size;
  }

  /** The latest state of a prediction running here (fresher than the store), if any. */
  latest(id: string): PredictionRecord | undefined {
    return this.#active.get(id)?.record;
  }

  /**
   * Store the new prediction and run `job` to completion in the background. Rejects (after
   * cancelling the job and freeing the slot) when the record cannot be stored.
   *
   * With `deferStore`, the record is first written when the prediction completes, or when
   * `persist` is called: for a prediction whose id nobody can learn before its creating request
   * answers (no webhook, no `Idempotency-Key`, a request that waits), which saves a store write
   * per prediction. Until then this process serves it from memory (`latest`, `waitFor`, `cancel`).
   */
  async start(
    record: PredictionRecord,
    job: GenerationJob,
    lease: AdmissionLease,
    options: { readonly deferStore?: boolean } = {},
  ): Promise<void> {
    const deferStore = options.deferStore === true && !this.#closing;
    if (!deferStore) {
      try {
        await this.#options.repository.put(record);
      } catch (error) {
        lease.settle();
        await job.cancel().catch(() => undefined);
        throw error;
      }
    }
    let resolve!: (completion: Completion) => void;
    const done = new Promise<Completion>(settle => {
      resolve = settle;
    });
    const active: ActivePrediction = {
      record,
      job,
      done,
      stored: deferStore ? undefined : Promise.resolve(),
      cancelRequested: false,
      shuttingDown: this.#closing,
      warnings: [],
      logsTimer: undefined,
      lastProgressLine: undefined,
    };
    this.#active.set(record.id, active);
    this.#notify(observer => observer.started(record));
    if (this.#closing) job.stop(new AbortError('The gateway is shutting down.'));
    void this.#run(active, lease).then(resolve);
  }

  /**
   * Make sure a prediction started with `deferStore` is in the store, before its id is disclosed
   * (a creating request that stops waiting answers with it). Rejects, after stopping the
   * prediction, when the store refuses it; resolves at once when it is stored, or not running here.
   */
  persist(id: string): Promise<void> {
    const active = this.#active.get(id);
    if (active === undefined) return Promise.resolve();
    active.stored ??= this.#options.repository.put(active.record).catch((error: unknown) => {
      active.job.stop(new AbortError('The prediction could not be stored.'));
      throw error;
    });
    return active.stored;
  }

  /**
   * Wait up to `timeoutMs` for a prediction running here to finish. Resolves with its completion,
   * or `undefined` when the time ran out, `until` settled first (e.g. the client went away), or
   * it is not running here.
   */
  waitFor(
    id: string,
    timeoutMs: number,
    until?: Promise<unknown>,
  ): Promise<Completion | undefined> {
    const active = this.#active.get(id);
    if (active === undefined || timeoutMs <= 0) return Promise.resolve(undefined);
    return new Promise(resolve => {
      const timer = setTimeout(resolve, timeoutMs, undefined);
      const settle = (completion: Completion | undefined) => {
        clearTimeout(timer);
        resolve(completion);
      };
      active.done.then(settle);
      until?.then(
        () => settle(undefined),
        () => settle(undefined),
      );
    });
  }

  /**
   * Cancel a prediction running here: upstream where the provider can, and locally in any case.
   * Resolves with its final record, or `undefined` when it is not running here.
   */
  async cancel(id: string): Promise<PredictionRecord | undefined> {
    const active = this.#active.get(id);
    if (active === undefined) return undefined;
    if (!active.cancelRequested) {
      active.cancelRequested = true;
      try {
        await active.job.cancel();
      } catch (error) {
        const provider = active.record.provider;
        active.warnings.push(
          ProviderError.isInstance(error) && error.providerCode === 'cancel_unsupported'
            ? `${provider} cannot cancel jobs upstream: the job may still run, and be billed, there`
            : `cancelling upstream failed (${toGatewayError(error).message}); the job may still run there`,
        );
      }
      active.job.stop(new AbortError('The prediction was canceled.'));
    }
    return (await active.done).record;
  }

  /**
   * Graceful shutdown: let running predictions finish for up to `graceMs`, then stop waiting on
   * the rest (they are recorded as failed with `shutting_down`). New starts are stopped at once.
   */
  async drain(graceMs: number): Promise<void> {
    this.#closing = true;
    const deadline = Date.now() + graceMs;
    while (this.#active.size > 0 && Date.now() < deadline) {
      const remaining = deadline - Date.now();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.race([...this.#active.values()].map(active => active.done)),
        new Promise(resolve => {
          timer = setTimeout(resolve, remaining);
        }),
      ]);
      clearTimeout(timer);
    }
    const rest = [...this.#active.values()];
    for (const active of rest) {
      active.shuttingDown = true;
      active.job.stop(new AbortError('The gateway is shutting down.'));
    }
    await Promise.allSettled(rest.map(active => active.done));
  }

  async #run(active: ActivePrediction, lease: AdmissionLease): Promise<Completion> {
    let completion: Completion;
    try {
      const result = await active.job.wait({
        onProgress: event => this.#progress(active, event),
      });
      const stored = await Promise.all(result.images.map(image => this.#options.files.put(image)));
      lease.settle();
      const completedAt = Date.now();
      completion = {
        record: {
          ...active.record,
          status: 'succeeded',
          completedAt,
          images: stored.map((file, index) => {
            const image = result.images[index]!;
            return {
              file,
              ...(image.seed === undefined ? {} : { seed: image.seed }),
              ...(image.revisedPrompt === undefined ? {} : { revisedPrompt: image.revisedPrompt }),
            };
          }),
          warnings: [...result.warnings, ...this.#extraWarnings(active)],
          usage: result.usage ?? null,
        },
        result,
      };
    } catch (error) {
      lease.settle(error);
      completion = { record: this.#failedRecord(active, error) };
    }
    clearTimeout(active.logsTimer);
    active.record = completion.record;
    const finalWrite = this.#options.repository.put(completion.record);
    // A `persist` from now on waits for this write instead of storing an older state after it.
    active.stored ??= finalWrite.catch(() => undefined);
    try {
      await finalWrite;
    } catch (error) {
      this.#options.logger.error(
        { err: error, predictionId: completion.record.id },
        'could not store the final state of a prediction',
      );
    }
    const { failure, idempotencyKey } = completion.record;
    if (failure?.retrySafe && idempotencyKey !== undefined) {
      await this.#options.forgetIdempotencyKey(idempotencyKey).catch(() => undefined);
    }
    this.#active.delete(completion.record.id);
    this.#notify(observer => observer.completed(completion.record, completion.result));
    return completion;
  }

  #failedRecord(active: ActivePrediction, error: unknown): PredictionRecord {
    const base = { ...active.record, completedAt: Date.now(), images: null };
    if (active.cancelRequested) {
      return { ...base, status: 'canceled', warnings: this.#extraWarnings(active) };
    }
    if (active.shuttingDown) {
      return {
        ...base,
        status: 'failed',
        failure: {
          code: 'shutting_down',
          message: 'The gateway shut down before the prediction finished.',
          status: 503,
          // Answered like every other refusal during shutdown (a request admitted just before
          // the signal may end here while it waits).
          headers: { 'retry-after': '1' },
          retrySafe: false,
        },
      };
    }
    const failure = failureOf(error);
    if (failure.status >= 500 && failure.code === 'internal_error') {
      this.#options.logger.error(
        { err: error, predictionId: active.record.id },
        'prediction failed',
      );
    }
    return { ...base, status: 'failed', failure, warnings: this.#extraWarnings(active) };
  }

  #extraWarnings(active: ActivePrediction): PredictionRecord['warnings'] {
    return [
      ...active.record.warnings,
      ...active.warnings.map(message => ({ type: 'other' as const, message })),
    ];
  }

  #progress(active: ActivePrediction, event: GenerateProgressEvent): void {
    this.#notify(observer => observer.progressed(active.record, event));
    const line = progressLine(event);
    if (line === undefined || line === active.lastProgressLine) return;
    active.lastProgressLine = line;
    active.record = { ...active.record, logs: `${active.record.logs}${line}\n` };
    if (active.logsTimer !== undefined) return;
    active.logsTimer = setTimeout(() => {
      active.logsTimer = undefined;
      if (!this.#active.has(active.record.id)) return;
      const record = active.record;
      this.#options.repository.put(record).catch(() => undefined);
      this.#notify(observer => observer.logged(record));
    }, logsIntervalMs);
  }

  #notify(call: (observer: PredictionObserver) => void): void {
    try {
      call(this.#options.observer);
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'a prediction observer failed');
    }
  }
}
