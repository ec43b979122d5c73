import { encodeJpeg } from '../../images/jpeg-encoder.js';
import { paintImage } from '../../images/paint-image.js';
import { encodePng } from '../../images/png-encoder.js';
import type { RgbImage } from '../../images/rgb-image.js';
import type { SynthesizeImageOptions } from '../../images/synthesize-image.js';
import { encodeWebpLossless } from '../../images/webp-encoder.js';

/** Box-blur passes per direction: two already look like a Gaussian blur. */
const passes = 2;

/**
 * The picture `synthesizeImage` draws for the same options, blurred beyond recognition, the way
 * Stability's moderation returns a `CONTENT_FILTERED` result: same size and format, a real file,
 * no sharp edge left (the blur radius is 1/32 of the shorter side).
 *
 * @throws RangeError when a dimension is out of the format's range.
 */
export function synthesizeBlurredImage(options: SynthesizeImageOptions): Uint8Array {
  const { width, height, format, seed = 0, prompt = '' } = options;
  const radius = Math.max(1, Math.round(Math.min(width, height) / 32));
  const image = blur(paintImage({ width, height, seed, prompt }), radius);
  if (format === 'png') return encodePng(image);
  if (format === 'webp') return encodeWebpLossless(image);
  return encodeJpeg(image, options.quality);
}

function blur(image: RgbImage, radius: number): RgbImage {
  const { width, height } = image;
  let source: Uint8Array = image.data;
  let target: Uint8Array = new Uint8Array(source.length);
  for (let pass = 0; pass < passes; pass += 1) {
    for (let y = 0; y < height; y += 1) {
      blurLine(source, target, { start: y * width * 3, stride: 3, length: width, radius });
    }
    [source, target] = [target, source];
    for (let x = 0; x < width; x += 1) {
      blurLine(source, target, { start: x * 3, stride: width * 3, length: height, radius });
    }
    [source, target] = [target, source];
  }
  return { width, height, data: source };
}

interface Line {
  /** Offset of the line's first pixel. */
  readonly start: number;
  /** Bytes from one pixel of the line to the next. */
  readonly stride: number;
  /** Pixels in the line. */
  readonly length: number;
  readonly radius: number;
}

/** A running-sum box blur of one row or column, each channel apart, edges repeated outwards. */
function blurLine(source: Uint8Array, target: Uint8Array, line: Line): void {
  const { start, stride, length, radius } = line;
  const size = radius * 2 + 1;
  const at = (index: number, channel: number) =>
    source[start + Math.min(length - 1, Math.max(0, index)) * stride + channel] ?? 0;
  for (let channel = 0; channel < 3; channel += 1) {
    let sum = 0;
    for (let index = -radius; index <= radius; index += 1) sum += at(index, channel);
    for (let index = 0; index < length; index += 1) {
      target[start + index * stride + channel] = Math.round(sum / size);
      sum += at(index + radius + 1, channel) - at(index - radius, channel);
    }
  }
}
