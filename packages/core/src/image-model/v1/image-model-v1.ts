import type { $ZodType } from 'zod/v4/core';
import type { ImageModelV1CallOptions } from './image-model-v1-call-options.js';
import type { ImageModelV1Capabilities } from './image-model-v1-capabilities.js';
import type {
  ImageModelV1Job,
  ImageModelV1JobOptions,
  ImageModelV1JobStatus,
  ImageModelV1Submission,
} from './image-model-v1-job.js';
import type { ImageModelV1Result } from './image-model-v1-result.js';

/**
 * An image model, version 1 of the contract. Changing this type is a breaking change of
 * `@easel/core`.
 *
 * `INPUT` is what callers write (`z.input` of `inputSchema`); `VALIDATED` is what `doGenerate`
 * receives (`z.output`).
 */
export interface ImageModelV1<
  INPUT = Record<string, unknown>,
  VALIDATED = Record<string, unknown>,
> {
  readonly specificationVersion: 'v1';
  /** Provider id, e.g. `openai`. Matches the provider's `id`. */
  readonly provider: string;
  /** The provider's model id, e.g. `gpt-image-1`. */
  readonly modelId: string;
  /**
   * Further paths that name this model besides `<modelId>` and `<provider>/<modelId>`, e.g.
   * `opanai/gpt-image-1`. Matched case-insensitively.
   */
  readonly aliases: readonly string[];
  /** What the model accepts and how it runs. */
  readonly capabilities: ImageModelV1Capabilities;
  /**
   * Strict zod v4 schema of the input: native fields plus the common vocabulary. Unknown keys
   * fail; aliases of common fields are folded into them.
   */
  readonly inputSchema: $ZodType<VALIDATED, INPUT>;
  /** Generate images. Asynchronous models submit, poll and download here. */
  doGenerate(options: ImageModelV1CallOptions<VALIDATED>): PromiseLike<ImageModelV1Result>;
  /** Asynchronous models: start a job and return a reference to it. */
  submit?(options: ImageModelV1CallOptions<VALIDATED>): PromiseLike<ImageModelV1Submission>;
  /** Asynchronous models: ask once how a job is doing; downloads the result when it is ready. */
  poll?(job: ImageModelV1Job, options?: ImageModelV1JobOptions): PromiseLike<ImageModelV1JobStatus>;
  /** Cancel a job upstream, where the provider can. */
  cancel?(job: ImageModelV1Job, options?: ImageModelV1JobOptions): PromiseLike<void>;
}
