import type { ImageModelV1Warning } from './image-model-v1-warning.js';

/** One generated image as the adapter received it. */
export interface ImageModelV1Image {
  /**
   * The image: raw bytes, or a base64 string (no `data:` prefix), whichever the provider sent.
   * Adapters never convert one into the other; the hub does so lazily, at most once.
   */
  readonly data: Uint8Array | string;
  /**
   * Optional, additive: the same image as base64 text held as ASCII bytes (one byte per
   * character, no `data:` prefix), typically a view of the provider's response body, so that a
   * multi-megabyte image never has to become a string. Consumers that know this field (the hub)
   * read it instead of `data` and never read `data` then; `data` must still give the image to
   * those that do not, usually through a getter that makes the string on demand. Build such an
   * image with `imageFromBase64`, from what `readJsonResponse` gives with `base64As: 'bytes'`.
   */
  readonly base64Bytes?: Uint8Array;
  /** Media type, e.g. `image/png`, when the provider states it. */
  readonly mediaType?: string;
  readonly width?: number;
  readonly height?: number;
  /** Seed that produced this image, when the provider reports it. */
  readonly seed?: number;
  /** The prompt the provider actually used, when it rewrote it (DALL·E 3, Ideogram magic prompt). */
  readonly revisedPrompt?: string;
  /** The provider URL the image was downloaded from, kept for reference (it may expire). */
  readonly url?: string;
  /** Set when the provider flagged this image (e.g. Stability's blurred `CONTENT_FILTERED`). */
  readonly contentFiltered?: boolean;
  /** Provider-specific facts about this image. */
  readonly providerMetadata?: Readonly<Record<string, unknown>>;
}

/** Usage reported by the provider. Every field is optional: providers report different things. */
export interface ImageModelV1Usage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly inputTextTokens?: number;
  readonly inputImageTokens?: number;
  readonly outputTextTokens?: number;
  readonly outputImageTokens?: number;
  /** Cost the provider reported, in its own unit (e.g. BFL credits). */
  readonly cost?: { readonly amount: number; readonly unit: string };
}

/** Timings of one call, in milliseconds. */
export interface ImageModelV1Timings {
  /** From the first byte sent to the last byte of the final response. */
  readonly upstreamMs?: number;
  /** Time the job spent queued or running upstream (asynchronous models). */
  readonly jobMs?: number;
  /** Time spent downloading result URLs. */
  readonly downloadMs?: number;
}

/** What one `doGenerate` call returns. */
export interface ImageModelV1Result {
  readonly images: readonly ImageModelV1Image[];
  readonly warnings: readonly ImageModelV1Warning[];
  readonly usage?: ImageModelV1Usage;
  /** Provider-specific facts about the whole call (JSON-serialisable). */
  readonly providerMetadata?: Readonly<Record<string, unknown>>;
  readonly response: {
    /** The provider's id for this generation or request, when it has one. */
    readonly id?: string;
    readonly modelId: string;
    readonly timestamp: Date;
    /** Response headers of the final provider response (sensitive ones removed). */
    readonly headers?: Readonly<Record<string, string>>;
  };
  readonly timings?: ImageModelV1Timings;
}
