import { describe, expect, it } from 'vitest';
import { ideogramOperations } from './ideogram-operations.js';
import type { InputImage } from './input-image.js';
import { outputSize } from './output-size.js';

function input(width: number, height: number): InputImage {
  return { width, height, mediaType: 'image/png', byteLength: 1, fingerprint: 'f' };
}

describe('outputSize', () => {
  const { generate, edit, remix, reframe } = ideogramOperations;

  it('renders generate at resolution, else aspect_ratio, else 1x1', () => {
    expect(outputSize(generate, { resolution: '1536x640' }, undefined)).toEqual({
      width: 1536,
      height: 640,
      resolution: '1536x640',
    });
    expect(outputSize(generate, { aspect_ratio: '3x2' }, undefined)).toMatchObject({
      resolution: '1248x832',
    });
    expect(outputSize(generate, {}, undefined)).toMatchObject({ resolution: '1024x1024' });
  });

  it('renders remix at the aspect ratio nearest its input unless told otherwise', () => {
    expect(outputSize(remix, {}, input(900, 1600))).toMatchObject({ resolution: '736x1312' });
    expect(outputSize(remix, { aspect_ratio: '1x1' }, input(900, 1600))).toMatchObject({
      resolution: '1024x1024',
    });
  });

  it('renders reframe at its resolution, whatever the input', () => {
    expect(outputSize(reframe, { resolution: '704x1408' }, input(64, 64))).toMatchObject({
      width: 704,
      height: 1408,
    });
  });

  it('renders edit at the input size, with upscaled_resolution only when it differs', () => {
    expect(outputSize(edit, {}, input(641, 480))).toEqual({
      width: 641,
      height: 480,
      resolution: '1152x864',
      upscaledResolution: '641x480',
    });
    expect(outputSize(edit, {}, input(1280, 800))).toEqual({
      width: 1280,
      height: 800,
      resolution: '1280x800',
    });
  });
});
