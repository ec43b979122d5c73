import type { ImageModelV1JobStatus } from '../image-model/v1/image-model-v1-job.js';
import type { ImageModelV1ProgressEvent } from '../image-model/v1/image-model-v1-progress-event.js';
import type { ImageModelV1Result } from '../image-model/v1/image-model-v1-result.js';
import { type PollInterval, pollUntilDone } from './poller.js';

/** Options of `waitForJob`. */
export interface WaitForJobOptions {
  /** One poll of the job (a model's `poll`, bound to the job). */
  readonly poll: (signal: AbortSignal) => PromiseLike<ImageModelV1JobStatus>;
  readonly provider: string;
  readonly jobId: string;
  /** When the job was submitted, ms since the epoch (see `pollUntilDone`). Default: now. */
  readonly submittedAt?: number;
  readonly deadline?: number;
  readonly abortSignal?: AbortSignal;
  readonly interval?: Partial<PollInterval>;
  /** Receives a `pending` event after every poll that is not done. */
  readonly onProgress?: (event: ImageModelV1ProgressEvent) => void;
}

/**
 * Poll a job until it succeeds, with `pollUntilDone`'s wall-clock deadline and cadence, turning
 * each pending status into a `pending` progress event. Used by asynchronous adapters in
 * `doGenerate` and by the hub's job handles.
 */
export function waitForJob(options: WaitForJobOptions): Promise<ImageModelV1Result> {
  return pollUntilDone<ImageModelV1Result>({
    provider: options.provider,
    jobId: options.jobId,
    submittedAt: options.submittedAt,
    deadline: options.deadline,
    abortSignal: options.abortSignal,
    interval: options.interval,
    poll: async signal => {
      const status = await options.poll(signal);
      if (status.status === 'succeeded') return { done: true, value: status.result };
      return {
        done: false,
        ...(status.providerStatus === undefined ? {} : { status: status.providerStatus }),
        ...(status.progress === undefined ? {} : { progress: status.progress }),
      };
    },
    onPending: step =>
      options.onProgress?.({
        type: 'pending',
        jobId: options.jobId,
        ...(step.status === undefined ? {} : { status: step.status }),
        ...(step.progress === undefined ? {} : { progress: step.progress }),
      }),
  });
}
