import { randomUUID } from 'node:crypto';
import { EaselError } from '../errors/easel-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ProviderError } from '../errors/provider-error.js';
import type { ImageModelV1Job } from '../image-model/v1/image-model-v1-job.js';
import type { ImageModelV1Warning } from '../image-model/v1/image-model-v1-warning.js';
import { createCallScope } from '../transport/call-scope.js';
import type { PollInterval } from '../transport/poller.js';
import { waitForJob } from '../transport/wait-for-job.js';
import {
  type CallOutcome,
  type GenerateProgressEvent,
  type GenerateResult,
  type ModelReference,
  mergeOutcomes,
  tagProgress,
} from './generate-result.js';
import type { RegisteredModel } from './model-index.js';

/** The state of a job as last observed. */
export type ImageJobStatus = 'running' | 'succeeded' | 'failed' | 'canceled';

/**
 * Everything needed to resume an asynchronous job after a restart. JSON-serialisable; its
 * encoded form is the job's `id`.
 */
export interface ImageJobReference {
  readonly version: 1;
  /** Canonical model path. */
  readonly model: string;
  /** The upstream jobs, one per call, in order. */
  readonly jobs: readonly ImageModelV1Job[];
  /** Warnings from submission (snapped sizes, unsupported fields). */
  readonly warnings: readonly ImageModelV1Warning[];
  /** When it was submitted, ms since the epoch. */
  readonly submittedAt: number;
}

/** Options of `wait`. */
export interface WaitOptions {
  readonly abortSignal?: AbortSignal;
  /** Give up waiting after this long, ms (the job keeps running upstream). */
  readonly timeoutMs?: number;
  /** Absolute deadline, ms since the epoch. */
  readonly deadline?: number;
  readonly onProgress?: (event: GenerateProgressEvent) => void;
  /** Polling cadence override. */
  readonly pollInterval?: Partial<PollInterval>;
}

/** A generation started with `submit`: wait for it, cancel it, or keep its id to resume later. */
export interface ImageJob {
  /**
   * The job id. For asynchronous models it encodes the upstream jobs, so
   * `easel.resume(id)` works in another process; for synchronous models it is a local id.
   */
  readonly id: string;
  readonly model: ModelReference;
  /** Whether `easel.resume(id)` can pick it up after a restart. */
  readonly resumable: boolean;
  /** The state as last observed. */
  readonly status: ImageJobStatus;
  /** Wait for the images. Rejects with the job's typed error if it failed. */
  wait(options?: WaitOptions): Promise<GenerateResult>;
  /** Cancel it (upstream too, where the provider can). */
  cancel(): Promise<void>;
}

const referencePrefix = 'ej1_';

/** Encode a job reference as an opaque, URL-safe id. */
export function encodeJobId(reference: ImageJobReference): string {
  return referencePrefix + Buffer.from(JSON.stringify(reference), 'utf8').toString('base64url');
}

/** Decode a job id made by `encodeJobId`; `InvalidInputError` when it is not one. */
export function decodeJobId(id: string): ImageJobReference {
  const invalid = () =>
    new InvalidInputError({ issues: [{ path: ['id'], message: 'not a resumable Easel job id' }] });
  if (!id.startsWith(referencePrefix)) throw invalid();
  let reference: ImageJobReference;
  try {
    reference = JSON.parse(
      Buffer.from(id.slice(referencePrefix.length), 'base64url').toString('utf8'),
    );
  } catch {
    throw invalid();
  }
  if (
    reference?.version !== 1 ||
    typeof reference.model !== 'string' ||
    !Array.isArray(reference.jobs)
  ) {
    throw invalid();
  }
  return reference;
}

function modelReference(registered: RegisteredModel): ModelReference {
  return {
    path: registered.path,
    provider: registered.model.provider,
    modelId: registered.model.modelId,
  };
}

/** A job of a synchronous model: the generation runs in this process. */
export class LocalImageJob implements ImageJob {
  readonly id = `job_${randomUUID()}`;
  readonly model: ModelReference;
  readonly resumable = false;
  #status: ImageJobStatus = 'running';
  readonly #result: Promise<GenerateResult>;
  readonly #controller: AbortController;

  constructor(registered: RegisteredModel, run: (signal: AbortSignal) => Promise<GenerateResult>) {
    this.model = modelReference(registered);
    this.#controller = new AbortController();
    this.#result = run(this.#controller.signal).then(
      result => {
        this.#status = 'succeeded';
        return result;
      },
      error => {
        this.#status = this.#controller.signal.aborted ? 'canceled' : 'failed';
        throw error;
      },
    );
    this.#result.catch(() => undefined);
  }

  get status(): ImageJobStatus {
    return this.#status;
  }

  async wait(options: WaitOptions = {}): Promise<GenerateResult> {
    const scope = createCallScope({
      provider: this.model.provider,
      abortSignal: options.abortSignal,
      deadline: options.deadline,
      timeoutMs: options.timeoutMs,
    });
    try {
      return await new Promise<GenerateResult>((resolve, reject) => {
        scope.signal.addEventListener('abort', () => reject(scope.signal.reason), { once: true });
        this.#result.then(resolve, reject);
      });
    } finally {
      scope.dispose();
    }
  }

  async cancel(): Promise<void> {
    if (this.#status === 'running') this.#controller.abort();
  }
}

/** A job of an asynchronous model: upstream jobs polled on `wait`, resumable from its id. */
export class RemoteImageJob implements ImageJob {
  readonly id: string;
  readonly model: ModelReference;
  readonly resumable = true;
  #status: ImageJobStatus = 'running';
  readonly #registered: RegisteredModel;
  readonly #reference: ImageJobReference;

  constructor(registered: RegisteredModel, reference: ImageJobReference) {
    this.#registered = registered;
    this.#reference = reference;
    this.id = encodeJobId(reference);
    this.model = modelReference(registered);
  }

  get status(): ImageJobStatus {
    return this.#status;
  }

  /** The serialisable reference (what the id encodes). */
  toJSON(): ImageJobReference {
    return this.#reference;
  }

  async wait(options: WaitOptions = {}): Promise<GenerateResult> {
    const model = this.#registered.model;
    const poll = model.poll?.bind(model);
    if (poll === undefined) throw new TypeError(`${this.model.path} has no poll method`);
    const started = Date.now();
    const scope = createCallScope({
      provider: this.model.provider,
      phase: 'poll',
      abortSignal: options.abortSignal,
      deadline: options.deadline,
      timeoutMs: options.timeoutMs,
    });
    try {
      const outcomes = await Promise.all(
        this.#reference.jobs.map(async (job, call): Promise<CallOutcome> => {
          const onProgress = tagProgress(options.onProgress, call);
          try {
            const result = await waitForJob({
              provider: this.model.provider,
              jobId: job.id,
              submittedAt: this.#reference.submittedAt,
              abortSignal: scope.signal,
              deadline: scope.deadline,
              interval: options.pollInterval,
              onProgress,
              poll: signal =>
                poll(job, {
                  abortSignal: signal,
                  deadline: scope.deadline,
                }),
            });
            return { ok: true, result };
          } catch (error) {
            if (scope.signal.aborted) throw scope.signal.reason;
            if (!EaselError.isEaselError(error)) throw error;
            return { ok: false, error };
          }
        }),
      );
      const result = mergeOutcomes(this.model, outcomes, started, this.#reference.warnings);
      this.#status = 'succeeded';
      return result;
    } catch (error) {
      if (!scope.signal.aborted) this.#status = 'failed';
      throw error;
    } finally {
      scope.dispose();
    }
  }

  async cancel(): Promise<void> {
    const model = this.#registered.model;
    if (model.cancel === undefined) {
      throw new ProviderError({
        provider: this.model.provider,
        message: `${this.model.path} cannot cancel jobs upstream`,
        providerCode: 'cancel_unsupported',
        retryable: false,
      });
    }
    await Promise.all(this.#reference.jobs.map(job => model.cancel!(job)));
    this.#status = 'canceled';
  }
}
