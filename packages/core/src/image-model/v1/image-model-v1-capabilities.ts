/** An output image format. */
export type ImageOutputFormat = 'png' | 'jpeg' | 'webp';

/** A size written `WIDTHxHEIGHT`, e.g. `1024x1024`. */
export type ImageSizeString = `${number}x${number}`;

/** An aspect ratio written `W:H`, e.g. `16:9`. */
export type AspectRatioString = `${number}:${number}`;

/** Output sizes a model accepts. */
export type SizeCapability =
  | {
      /** Only these sizes. */
      readonly type: 'list';
      readonly values: readonly ImageSizeString[];
    }
  | {
      /** Any width and height on a grid, within bounds. */
      readonly type: 'range';
      readonly minWidth: number;
      readonly maxWidth: number;
      readonly minHeight: number;
      readonly maxHeight: number;
      /** Both sides must be a multiple of this many pixels. */
      readonly multipleOf: number;
      /** Upper bound on width × height, when the provider caps the area (e.g. 4 MP). */
      readonly maxPixels?: number;
    };

/** Aspect ratios a model accepts. */
export type AspectRatioCapability =
  | {
      /** Only these ratios. */
      readonly type: 'list';
      readonly values: readonly AspectRatioString[];
    }
  | {
      /** Any ratio between the tallest and the widest, e.g. `9:21` to `21:9`. */
      readonly type: 'range';
      readonly tallest: AspectRatioString;
      readonly widest: AspectRatioString;
    };

/**
 * What a model accepts and how it runs, as data. Validation, snapping, warnings, the gateway's
 * `/v1/models` and the playground's form all read this one object.
 */
export interface ImageModelV1Capabilities {
  /** `sync`: one request returns the images. `async`: a job is submitted and polled. */
  readonly execution: 'sync' | 'async';
  /** Images one upstream call can return. The hub splits a larger `n` into several calls. */
  readonly maxImagesPerCall: number;
  /** Output sizes, when the model takes explicit sizes. */
  readonly sizes?: SizeCapability;
  /** Aspect ratios, when the model takes ratios. */
  readonly aspectRatios?: AspectRatioCapability;
  /** Output formats the model can produce, default first. */
  readonly outputFormats: readonly ImageOutputFormat[];
  /** Whether `seed` is honoured. */
  readonly seed: boolean;
  /** Whether `negative_prompt` is honoured. */
  readonly negativePrompt: boolean;
  /** How many input images (`image` / `images`) one call takes; 0 when none. */
  readonly maxInputImages: number;
  /** Whether a `mask` is accepted with an input image. */
  readonly mask: boolean;
  /** Whether a prompt is required. Default true. */
  readonly promptRequired?: boolean;
  /** Longest prompt in characters, when the provider documents one. */
  readonly promptMaxLength?: number;
  /** Whether the model can stream partial images as progress events. */
  readonly partialImages?: boolean;
  /** Whether a running job can be cancelled upstream. */
  readonly cancel?: boolean;
}
