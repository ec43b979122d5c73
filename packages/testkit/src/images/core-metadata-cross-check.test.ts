import { Buffer } from 'node:buffer';
import { readImageMetadata, readImageMetadataFromBase64 } from '@easel/core';
import { describe, expect, it } from 'vitest';
import { synthesizeImage } from './synthesize-image.js';

describe("@easel/core's readImageMetadata on synthesised images", () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('reads the media type and size of a %s', (format, mediaType) => {
    for (const [width, height] of [
      [1, 1],
      [3, 7],
      [1023, 17],
      [1536, 1024],
    ] as const) {
      const bytes = synthesizeImage({ width, height, format, seed: 4, prompt: 'metadata' });
      const expected = { mediaType, width, height };
      expect(readImageMetadata(bytes)).toEqual(expected);
      expect(readImageMetadataFromBase64(Buffer.from(bytes).toString('base64'))).toEqual(expected);
    }
  });
});
