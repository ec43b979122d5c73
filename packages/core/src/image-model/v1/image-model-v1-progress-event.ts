import type { ImageModelV1Image } from './image-model-v1-result.js';

/**
 * Progress of one generation, delivered through the `onProgress` call option while it runs.
 *
 * - `submitted`: an asynchronous job was accepted upstream.
 * - `pending`: the job is queued or running; `progress` is 0–1 when the provider reports it.
 * - `partial-image`: preview number `partial` (from 0) of image `index` of the call (OpenAI
 *   streaming); the final image is in the result.
 * - `retry`: an attempt failed in a way that is safe to retry; the next one starts after `delayMs`.
 */
export type ImageModelV1ProgressEvent =
  | { readonly type: 'submitted'; readonly jobId: string }
  | {
      readonly type: 'pending';
      readonly jobId?: string;
      /** The provider's own status word, e.g. `Pending`. */
      readonly status?: string;
      /** Completion, 0–1, when reported. */
      readonly progress?: number;
    }
  | {
      readonly type: 'partial-image';
      /** Which image of the call it previews, from 0. */
      readonly index: number;
      /** Which preview of that image it is, from 0. */
      readonly partial: number;
      readonly image: ImageModelV1Image;
    }
  | {
      readonly type: 'retry';
      /** The attempt that is about to start, from 2. */
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    };
