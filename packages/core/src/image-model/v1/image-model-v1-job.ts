import type { ImageModelV1Result } from './image-model-v1-result.js';
import type { ImageModelV1Warning } from './image-model-v1-warning.js';

/** A JSON value: what a job reference may carry so that it survives a process restart. */
export type JSONValue =
  | null
  | string
  | number
  | boolean
  | readonly JSONValue[]
  | { readonly [key: string]: JSONValue };

/**
 * A reference to a job running upstream. JSON-serialisable: store it, restart the process, and
 * pass it back to `poll` to resume.
 */
export interface ImageModelV1Job {
  /** The provider's job id. */
  readonly id: string;
  /** What polling needs besides the id (e.g. BFL's `polling_url`). */
  readonly data?: { readonly [key: string]: JSONValue };
}

/** What `submit` returns. */
export interface ImageModelV1Submission {
  readonly job: ImageModelV1Job;
  /** Warnings about the input (snapped sizes, unsupported fields); merged into the final result. */
  readonly warnings: readonly ImageModelV1Warning[];
}

/**
 * One poll of a job. Failures (moderation, upstream errors) are thrown as typed errors, so only
 * two states remain.
 */
export type ImageModelV1JobStatus =
  | {
      readonly status: 'pending';
      /** The provider's own status word, e.g. `Pending`. */
      readonly providerStatus?: string;
      /** Completion, 0–1, when reported. */
      readonly progress?: number;
    }
  | { readonly status: 'succeeded'; readonly result: ImageModelV1Result };

/** Options of `poll` and `cancel`. */
export interface ImageModelV1JobOptions {
  readonly abortSignal?: AbortSignal;
  /** Wall-clock deadline (milliseconds since the epoch). */
  readonly deadline?: number;
  readonly headers?: Readonly<Record<string, string>>;
}
