/** An `aspect_ratio` the SD3.5 endpoint renders. */
export type StabilityAspectRatio =
  | '21:9'
  | '16:9'
  | '3:2'
  | '5:4'
  | '1:1'
  | '4:5'
  | '2:3'
  | '9:16'
  | '9:21';

/** A width and a height, in pixels. */
export interface StabilityPixelSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Output pixel size per aspect ratio, as SD3.5 renders text-to-image requests: buckets of about one
 * megapixel, every side a multiple of 64. The simulator answers
 * `stabilityOutputSizes[aspect_ratio ?? '1:1']`.
 *
 * @example
 * stabilityOutputSizes['16:9']; // { width: 1344, height: 768 }
 */
export const stabilityOutputSizes: Readonly<
  Record<StabilityAspectRatio, Readonly<StabilityPixelSize>>
> = Object.freeze({
  '21:9': Object.freeze({ width: 1536, height: 640 }),
  '16:9': Object.freeze({ width: 1344, height: 768 }),
  '3:2': Object.freeze({ width: 1216, height: 832 }),
  '5:4': Object.freeze({ width: 1088, height: 896 }),
  '1:1': Object.freeze({ width: 1024, height: 1024 }),
  '4:5': Object.freeze({ width: 896, height: 1088 }),
  '2:3': Object.freeze({ width: 832, height: 1216 }),
  '9:16': Object.freeze({ width: 768, height: 1344 }),
  '9:21': Object.freeze({ width: 640, height: 1536 }),
});

const sideMultiple = 64;
/** The most pixels Stability's v2beta endpoints take in an input image (3072 × 3072). */
const largestOutputPixels = 9_437_184;
/** The longest side every output format can encode (WebP's limit). */
const longestOutputSide = 16_384;

/**
 * The size of an image-to-image output: the input's size with each side rounded down to a multiple
 * of 64, as diffusion models work on 64-pixel blocks. An input too large to render (more than
 * 9,437,184 pixels, or a side over 16,384 px) is scaled down first, keeping its aspect ratio.
 *
 * @param input The input image's size; every side at least 64 px.
 */
export function imageToImageOutputSize(input: StabilityPixelSize): StabilityPixelSize {
  const scale = Math.min(
    1,
    Math.sqrt(largestOutputPixels / (input.width * input.height)),
    longestOutputSide / input.width,
    longestOutputSide / input.height,
  );
  const snap = (side: number) =>
    Math.max(sideMultiple, Math.floor((side * scale) / sideMultiple) * sideMultiple);
  return { width: snap(input.width), height: snap(input.height) };
}
