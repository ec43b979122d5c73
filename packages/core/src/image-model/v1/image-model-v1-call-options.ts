import type { ImageModelV1ProgressEvent } from './image-model-v1-progress-event.js';

/** Options of one `doGenerate` (or `submit`) call. */
export interface ImageModelV1CallOptions<INPUT = Record<string, unknown>> {
  /**
   * The input, already validated by the model's `inputSchema`: common fields under their common
   * names (`n`, `size`, `aspect_ratio`, `images`, …), native fields under the provider's names.
   * `n` is this call's count and never exceeds `capabilities.maxImagesPerCall`.
   */
  readonly input: INPUT;
  /**
   * Fields the caller asked to send verbatim (unknown keys, with `unknownKeys: 'passthrough'`).
   * The adapter merges them into the native request last.
   */
  readonly passthrough?: Readonly<Record<string, unknown>>;
  /** Cancels the call, including any polling. */
  readonly abortSignal?: AbortSignal;
  /** Wall-clock deadline for the whole call, polling included (milliseconds since the epoch). */
  readonly deadline?: number;
  /** Extra HTTP headers for the provider request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Receives progress events while the call runs. Must not throw. */
  readonly onProgress?: (event: ImageModelV1ProgressEvent) => void;
}
