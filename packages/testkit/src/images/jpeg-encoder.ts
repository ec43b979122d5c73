import jpeg from 'jpeg-js';
import type { RgbImage } from './rgb-image.js';

/** JPEG quality used when none is given, from 1 to 100. */
export const defaultJpegQuality = 85;

/** Largest width or height a baseline JPEG frame header can state, in pixels. */
export const jpegMaximumDimension = 65_535;

/**
 * Encode an RGB image as a baseline JPEG with `jpeg-js` (pure JavaScript, so it runs wherever the
 * test kit does).
 *
 * @param quality 1 to 100; default 85.
 */
export function encodeJpeg(image: RgbImage, quality = defaultJpegQuality): Uint8Array {
  const { width, height, data } = image;
  const rgba = new Uint8Array(width * height * 4);
  for (let pixel = 0, source = 0, target = 0; pixel < width * height; pixel += 1) {
    rgba[target] = data[source]!;
    rgba[target + 1] = data[source + 1]!;
    rgba[target + 2] = data[source + 2]!;
    rgba[target + 3] = 0xff;
    source += 3;
    target += 4;
  }
  const encoded = jpeg.encode({ width, height, data: rgba }, quality).data;
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}
