import type { ImageModelV1Warning } from './image-model-v1-warning.js';

/** One generated image as the adapter received it. */
export interface ImageModelV1Image {
  /**
   * The image: raw bytes, or a base64 string (no `data:` prefix), whichever the provider sent.
   * Adapters never convert one into the other; the hub does so lazily, at most once.
   */
  readonly data: Uint8Array | string;
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
