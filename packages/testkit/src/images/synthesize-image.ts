import { defaultJpegQuality, encodeJpeg, jpegMaximumDimension } from './jpeg-encoder.js';
import { LruCache } from './lru-cache.js';
import { paintImage } from './paint-image.js';
import { encodePng } from './png-encoder.js';
import { encodeWebpLossless, webpMaximumDimension } from './webp-encoder.js';

/** A format `synthesizeImage` can produce. */
export type SynthesizedImageFormat = 'png' | 'jpeg' | 'webp';

/** What to synthesise. */
export interface SynthesizeImageOptions {
  /** Width in pixels: an integer from 1 (to 16384 for WebP, 65535 for JPEG). */
  readonly width: number;
  /** Height in pixels: an integer from 1 (to 16384 for WebP, 65535 for JPEG). */
  readonly height: number;
  /** `png` (8-bit RGB), `jpeg` (baseline) or `webp` (lossless). */
  readonly format: SynthesizedImageFormat;
  /** Picks the picture, with `prompt`. Default `0`. */
  readonly seed?: number;
  /** Picks the picture, with `seed`. Default `''`. */
  readonly prompt?: string;
  /** JPEG quality from 1 to 100; ignored by the lossless formats. Default `85`. */
  readonly quality?: number;
}

/** How many synthesised images stay cached, in entries. */
const cacheCapacity = 16;
const cache = new LruCache<string, Uint8Array>(cacheCapacity);

const maximumDimensions: Record<SynthesizedImageFormat, number> = {
  png: 2 ** 31 - 1,
  jpeg: jpegMaximumDimension,
  webp: webpMaximumDimension,
};

/**
 * A real, valid image file of exactly the requested size, deterministic from seed and prompt:
 * the same options always give identical bytes, and a different seed or prompt gives different
 * pixels (a diagonal two-colour gradient with darker bands and a disc). Meant for simulated
 * providers and tests.
 *
 * The last 16 results are cached and returned as the same `Uint8Array` instance, so callers must
 * not mutate it (copy it first with `bytes.slice()`).
 *
 * @throws RangeError when a dimension or the quality is out of range.
 */
export function synthesizeImage(options: SynthesizeImageOptions): Uint8Array {
  const { width, height, format, seed = 0, prompt = '' } = options;
  const quality = format === 'jpeg' ? (options.quality ?? defaultJpegQuality) : undefined;
  const maximumDimension = maximumDimensions[format];
  if (maximumDimension === undefined) {
    throw new RangeError(`Unknown image format: ${String(format)}`);
  }
  for (const dimension of [width, height]) {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > maximumDimension) {
      throw new RangeError(
        `${format} dimensions must be integers from 1 to ${maximumDimension}, got ${width}×${height}`,
      );
    }
  }
  if (quality !== undefined && !(quality >= 1 && quality <= 100)) {
    throw new RangeError(`JPEG quality must be from 1 to 100, got ${quality}`);
  }
  const key = JSON.stringify([format, width, height, String(seed), prompt, quality]);
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const pixels = paintImage({ width, height, seed, prompt });
  const bytes =
    format === 'png'
      ? encodePng(pixels)
      : format === 'webp'
        ? encodeWebpLossless(pixels)
        : encodeJpeg(pixels, quality);
  cache.set(key, bytes);
  return bytes;
}
