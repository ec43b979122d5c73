import { Buffer } from 'node:buffer';
import sharp from 'sharp';

/** Decode any image with libvips (through sharp) into raw pixels, for checking our encoders. */
export async function decode(bytes: Uint8Array) {
  const { format } = await sharp(bytes).metadata();
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return {
    format,
    width: info.width,
    height: info.height,
    channels: info.channels,
    data: new Uint8Array(data),
  };
}

/** Index of the first differing byte, or -1: much faster than `toEqual` on megabytes. */
export function firstDifference(left: Uint8Array, right: Uint8Array): number {
  if (Buffer.compare(left, right) === 0) return -1;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    if (left[index] !== right[index]) return index;
  }
  return length;
}

/** Mean absolute difference per byte, for lossy formats. */
export function meanAbsoluteDifference(left: Uint8Array, right: Uint8Array): number {
  let total = 0;
  for (let index = 0; index < left.length; index += 1) {
    total += Math.abs((left[index] ?? 0) - (right[index] ?? 0));
  }
  return total / left.length;
}
