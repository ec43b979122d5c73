import { describe, expect, it } from 'vitest';
import { imageToImageOutputSize, stabilityOutputSizes } from './stability-output-sizes.js';

describe('stabilityOutputSizes', () => {
  it('holds buckets of about one megapixel, every side a multiple of 64', () => {
    for (const [ratio, { width, height }] of Object.entries(stabilityOutputSizes)) {
      const [across = 0, down = 0] = ratio.split(':').map(Number);
      expect({ ratio, widthStep: width % 64, heightStep: height % 64 }).toEqual({
        ratio,
        widthStep: 0,
        heightStep: 0,
      });
      expect(width * height).toBeGreaterThan(0.9 * 2 ** 20);
      expect(width * height).toBeLessThanOrEqual(2 ** 20);
      expect(Math.abs(width / height - across / down)).toBeLessThan(0.15 * (across / down));
    }
  });

  it('cannot be changed', () => {
    expect(Object.isFrozen(stabilityOutputSizes)).toBe(true);
    expect(Object.isFrozen(stabilityOutputSizes['1:1'])).toBe(true);
  });
});

describe('imageToImageOutputSize', () => {
  it.each([
    [
      { width: 1024, height: 1024 },
      { width: 1024, height: 1024 },
    ],
    [
      { width: 300, height: 200 },
      { width: 256, height: 192 },
    ],
    [
      { width: 64, height: 127 },
      { width: 64, height: 64 },
    ],
    [
      { width: 1920, height: 1080 },
      { width: 1920, height: 1024 },
    ],
  ])('rounds %j down to %j', (input, output) => {
    expect(imageToImageOutputSize(input)).toEqual(output);
  });

  it('scales inputs over 9,437,184 pixels down, keeping their aspect ratio', () => {
    const { width, height } = imageToImageOutputSize({ width: 8000, height: 6000 });

    expect(width * height).toBeLessThanOrEqual(9_437_184);
    expect([width % 64, height % 64]).toEqual([0, 0]);
    expect(width / height).toBeCloseTo(4 / 3, 1);
  });

  it('keeps every side within what WebP can encode', () => {
    expect(imageToImageOutputSize({ width: 64, height: 200_000 })).toEqual({
      width: 64,
      height: 16_384,
    });
  });
});
