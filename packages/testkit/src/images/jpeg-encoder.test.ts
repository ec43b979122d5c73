import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from './jpeg-encoder.js';
import { paintImage } from './paint-image.js';

async function decode(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    data: new Uint8Array(data),
  };
}

function meanAbsoluteDifference(left: Uint8Array, right: Uint8Array): number {
  let total = 0;
  for (let index = 0; index < left.length; index += 1) {
    total += Math.abs((left[index] ?? 0) - (right[index] ?? 0));
  }
  return total / left.length;
}

describe('encodeJpeg', () => {
  // Tiny images are mostly edges (disc, bands), where JPEG's error is largest.
  it.each([
    [1, 1, 4],
    [3, 7, 16],
    [1023, 17, 4],
    [256, 256, 3],
  ])(
    'encodes a %i×%i painting that decodes close to its pixels',
    async (width, height, tolerance) => {
      const image = paintImage({ width, height, seed: 5, prompt: 'jpeg' });
      const jpeg = encodeJpeg(image);
      expect(Array.from(jpeg.subarray(0, 2))).toEqual([0xff, 0xd8]);
      const decoded = await decode(jpeg);
      expect(decoded).toMatchObject({ width, height, channels: 3 });
      expect(meanAbsoluteDifference(decoded.data, image.data)).toBeLessThan(tolerance);
    },
  );

  it('trades size for fidelity with quality', async () => {
    const image = paintImage({ width: 256, height: 256, seed: 5, prompt: 'jpeg' });
    const low = encodeJpeg(image, 10);
    const high = encodeJpeg(image, 95);
    expect(low.length).toBeLessThan(high.length);
    const lowError = meanAbsoluteDifference((await decode(low)).data, image.data);
    const highError = meanAbsoluteDifference((await decode(high)).data, image.data);
    expect(highError).toBeLessThan(lowError);
  });

  it('returns a plain Uint8Array', () => {
    const jpeg = encodeJpeg(paintImage({ width: 2, height: 2, seed: 0, prompt: '' }));
    expect(Object.getPrototypeOf(jpeg)).toBe(Uint8Array.prototype);
  });
});
