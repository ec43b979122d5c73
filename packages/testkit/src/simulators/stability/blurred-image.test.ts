import { describe, expect, it } from 'vitest';
import { decode, meanAbsoluteDifference } from '../../images/__fixtures__/decoded-image.js';
import { synthesizeImage } from '../../images/synthesize-image.js';
import { sharpestEdge } from './__fixtures__/sharpest-edge.js';
import { synthesizeBlurredImage } from './blurred-image.js';

describe('synthesizeBlurredImage', () => {
  const options = { width: 320, height: 200, seed: 11, prompt: 'a blurred harbour' } as const;

  it.each(['png', 'jpeg', 'webp'] as const)(
    'writes a real %s of the requested size',
    async format => {
      const decoded = await decode(synthesizeBlurredImage({ ...options, format }));

      expect(decoded).toMatchObject({ format, width: 320, height: 200 });
    },
  );

  it('blurs the picture synthesizeImage draws for the same options', async () => {
    const sharpBytes = synthesizeImage({ ...options, format: 'png' });
    const blurredBytes = synthesizeBlurredImage({ ...options, format: 'png' });
    const sharp = await decode(sharpBytes);
    const blurred = await decode(blurredBytes);

    expect(meanAbsoluteDifference(blurred.data, sharp.data)).toBeLessThan(12);
    expect(await sharpestEdge(sharpBytes)).toBeGreaterThan(16);
    expect(await sharpestEdge(blurredBytes)).toBeLessThanOrEqual(8);
  });

  it('is deterministic', () => {
    const first = synthesizeBlurredImage({ ...options, format: 'webp' });
    const again = synthesizeBlurredImage({ ...options, format: 'webp' });

    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
  });
});
