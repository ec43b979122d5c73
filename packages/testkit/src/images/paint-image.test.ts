import { describe, expect, it } from 'vitest';
import { paintImage } from './paint-image.js';

function pixelAt(image: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const offset = (y * image.width + x) * 3;
  return Array.from(image.data.subarray(offset, offset + 3));
}

function distinctColours(data: Uint8Array): number {
  const colours = new Set<number>();
  for (let offset = 0; offset < data.length; offset += 3) {
    colours.add(
      ((data[offset] ?? 0) << 16) | ((data[offset + 1] ?? 0) << 8) | (data[offset + 2] ?? 0),
    );
  }
  return colours.size;
}

describe('paintImage', () => {
  it('fills exactly width × height RGB pixels', () => {
    for (const [width, height] of [
      [1, 1],
      [3, 7],
      [1023, 17],
    ] as const) {
      const image = paintImage({ width, height, seed: 1, prompt: 'x' });
      expect(image).toMatchObject({ width, height });
      expect(image.data).toHaveLength(width * height * 3);
    }
  });

  it('is deterministic for the same seed and prompt', () => {
    const first = paintImage({ width: 64, height: 48, seed: 42, prompt: 'a lighthouse' });
    const second = paintImage({ width: 64, height: 48, seed: 42, prompt: 'a lighthouse' });
    expect(second.data).toEqual(first.data);
  });

  it('changes the picture with the seed and with the prompt', () => {
    const base = paintImage({ width: 64, height: 48, seed: 42, prompt: 'a lighthouse' });
    const otherSeed = paintImage({ width: 64, height: 48, seed: 43, prompt: 'a lighthouse' });
    const otherPrompt = paintImage({ width: 64, height: 48, seed: 42, prompt: 'a lighthouse!' });
    expect(otherSeed.data).not.toEqual(base.data);
    expect(otherPrompt.data).not.toEqual(base.data);
    expect(pixelAt(otherSeed, 0, 0)).not.toEqual(pixelAt(base, 0, 0));
  });

  it('draws a gradient with bands and a disc: many colours, constant along each diagonal outside the disc', () => {
    const image = paintImage({ width: 200, height: 100, seed: 7, prompt: 'shapes' });
    expect(distinctColours(image.data)).toBeGreaterThan(50);
    expect(pixelAt(image, 0, 0)).not.toEqual(pixelAt(image, 199, 99));
    expect(pixelAt(image, 0, 99)).toEqual(pixelAt(image, 99, 0));
  });

  it('treats a seed as a number: fractional and very large seeds paint distinct pictures', () => {
    const pictures = [0, 0.5, 2 ** 40, 2 ** 40 + 1, -1].map(
      seed => paintImage({ width: 16, height: 16, seed, prompt: '' }).data,
    );
    const unique = new Set(pictures.map(data => Buffer.from(data).toString('base64')));
    expect(unique.size).toBe(pictures.length);
  });
});
