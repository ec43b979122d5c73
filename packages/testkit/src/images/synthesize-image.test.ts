import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decode, meanAbsoluteDifference } from './__fixtures__/decoded-image.js';
import { paintImage } from './paint-image.js';
import { type SynthesizedImageFormat, synthesizeImage } from './synthesize-image.js';

function pixelAt(data: Uint8Array, width: number, x: number, y: number): number[] {
  const offset = (y * width + x) * 3;
  return Array.from(data.subarray(offset, offset + 3));
}

const sizes = [
  [1, 1],
  [3, 7],
  [1023, 17],
  [1536, 1024],
] as const;

/** Probe points: the corners, the centre, and a point off the diagonal. */
function probePoints(width: number, height: number): [number, number][] {
  return [
    [0, 0],
    [width - 1, 0],
    [0, height - 1],
    [width - 1, height - 1],
    [Math.floor(width / 2), Math.floor(height / 2)],
    [Math.floor(width / 3), Math.floor((2 * height) / 3)],
  ];
}

describe('synthesizeImage', () => {
  describe.each(['png', 'webp'] as const)('%s (lossless)', format => {
    it.each(sizes)(
      'is a valid %i×%i image with exactly the painted pixels',
      async (width, height) => {
        const options = { width, height, format, seed: 9, prompt: 'a red fox' };
        const decoded = await decode(synthesizeImage(options));
        expect(decoded).toMatchObject({ format, width, height, channels: 3 });
        const painted = paintImage({ width, height, seed: 9, prompt: 'a red fox' }).data;
        for (const [x, y] of probePoints(width, height)) {
          expect(pixelAt(decoded.data, width, x, y)).toEqual(pixelAt(painted, width, x, y));
        }
        expect(Buffer.compare(decoded.data, painted)).toBe(0);
      },
    );
  });

  describe('jpeg', () => {
    it.each(sizes)('is a valid %i×%i image close to the painted pixels', async (width, height) => {
      const decoded = await decode(synthesizeImage({ width, height, format: 'jpeg', seed: 9 }));
      expect(decoded).toMatchObject({ format: 'jpeg', width, height, channels: 3 });
      const painted = paintImage({ width, height, seed: 9, prompt: '' }).data;
      expect(meanAbsoluteDifference(decoded.data, painted)).toBeLessThan(
        width * height < 100 ? 16 : 4,
      );
    });

    it('defaults to quality 85 and honours another quality', () => {
      const options = { width: 64, height: 64, format: 'jpeg', seed: 1 } as const;
      expect(synthesizeImage({ ...options, quality: 85 })).toEqual(synthesizeImage(options));
      expect(synthesizeImage({ ...options, quality: 20 }).length).toBeLessThan(
        synthesizeImage(options).length,
      );
    });
  });

  it.each(['png', 'webp', 'jpeg'] as const)(
    'gives %s bytes that are identical for the same options and differ with seed or prompt',
    async format => {
      const options = { width: 48, height: 32, format, seed: 1, prompt: 'a boat' };
      const first = synthesizeImage(options);
      const fresh = synthesizeImage({ ...options, prompt: 'a boat ' }).slice();
      const again = synthesizeImage({ ...options, prompt: 'a boat' });
      expect(Buffer.compare(again, first)).toBe(0);
      const otherSeed = (await decode(synthesizeImage({ ...options, seed: 2 }))).data;
      const base = (await decode(first)).data;
      expect(meanAbsoluteDifference(otherSeed, base)).toBeGreaterThan(10);
      expect(meanAbsoluteDifference((await decode(fresh)).data, base)).toBeGreaterThan(10);
    },
  );

  it('returns the cached instance for repeated requests and rebuilds identical bytes after eviction', () => {
    const options = { width: 40, height: 30, format: 'png', seed: 77, prompt: 'cache' } as const;
    const first = synthesizeImage(options);
    expect(synthesizeImage({ ...options })).toBe(first);
    for (let seed = 1000; seed < 1016; seed += 1) {
      synthesizeImage({ ...options, seed });
    }
    const rebuilt = synthesizeImage(options);
    expect(rebuilt).not.toBe(first);
    expect(Buffer.compare(rebuilt, first)).toBe(0);
  });

  it('keys the cache by every option', () => {
    const base = { width: 20, height: 20, seed: 1, prompt: 'p' } as const;
    const variants: { format: SynthesizedImageFormat; width?: number; quality?: number }[] = [
      { format: 'png' },
      { format: 'webp' },
      { format: 'jpeg' },
      { format: 'jpeg', quality: 50 },
      { format: 'png', width: 21 },
    ];
    const results = variants.map(variant => synthesizeImage({ ...base, ...variant }));
    expect(new Set(results).size).toBe(variants.length);
    expect(synthesizeImage({ ...base, format: 'png', quality: 50 })).toBe(results[0]);
  });

  it('rejects impossible sizes, formats and qualities', () => {
    expect(() => synthesizeImage({ width: 0, height: 1, format: 'png' })).toThrow(RangeError);
    expect(() => synthesizeImage({ width: 2.5, height: 1, format: 'png' })).toThrow(RangeError);
    expect(() => synthesizeImage({ width: 16_385, height: 1, format: 'webp' })).toThrow(/16384/);
    expect(() => synthesizeImage({ width: 65_536, height: 1, format: 'jpeg' })).toThrow(/65535/);
    expect(() => synthesizeImage({ width: 8, height: 8, format: 'jpeg', quality: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      synthesizeImage({ width: 8, height: 8, format: 'gif' as SynthesizedImageFormat }),
    ).toThrow(/Unknown image format/);
  });
});
