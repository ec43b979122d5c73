import type {
  AspectRatioString,
  ImageSizeString,
} from '../image-model/v1/image-model-v1-capabilities.js';

/** Width and height in pixels (for sizes) or in ratio units (for aspect ratios). */
export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

const sizePattern = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/;
const ratioPattern = /^([1-9]\d{0,4}(?:\.\d{1,4})?)[:x]([1-9]\d{0,4}(?:\.\d{1,4})?)$/;

/** Parse `1024x1024`; `undefined` when malformed. */
export function parseSize(size: string): Dimensions | undefined {
  const match = sizePattern.exec(size);
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Parse `16:9` or `16x9`; `undefined` when malformed. */
export function parseAspectRatio(ratio: string): Dimensions | undefined {
  const match = ratioPattern.exec(ratio);
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** `1024x768` */
export function formatSize(dimensions: Dimensions): ImageSizeString {
  return `${dimensions.width}x${dimensions.height}`;
}

/** `16:9` (not reduced; see `reduceAspectRatio`). */
export function formatAspectRatio(dimensions: Dimensions): AspectRatioString {
  return `${dimensions.width}:${dimensions.height}`;
}

function greatestCommonDivisor(left: number, right: number): number {
  let a = Math.abs(left);
  let b = Math.abs(right);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The smallest whole-number ratio, e.g. 1920×1080 → `16:9`. */
export function reduceAspectRatio(dimensions: Dimensions): AspectRatioString {
  const divisor = greatestCommonDivisor(dimensions.width, dimensions.height) || 1;
  return `${dimensions.width / divisor}:${dimensions.height / divisor}`;
}

/** log(width / height): distances between shapes are symmetric in this space. */
export function logRatio(dimensions: Dimensions): number {
  return Math.log(dimensions.width / dimensions.height);
}
