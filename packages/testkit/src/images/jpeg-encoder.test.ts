import { describe, expect, it } from 'vitest';
import { decode, meanAbsoluteDifference } from './__fixtures__/decoded-image.js';
import { encodeJpeg } from './jpeg-encoder.js';
import { paintImage } from './paint-image.js';

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
