import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decode, firstDifference } from './__fixtures__/decoded-image.js';
import { crc32 } from './crc32.js';
import { paintImage } from './paint-image.js';
import { encodePng } from './png-encoder.js';
import type { RgbImage } from './rgb-image.js';

function noise(width: number, height: number): RgbImage {
  let state = width * 31 + height;
  const data = new Uint8Array(width * height * 3).map(() => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  });
  return { width, height, data };
}

describe('encodePng', () => {
  it.each([
    [1, 1],
    [3, 7],
    [1023, 17],
    [1536, 1024],
  ])('encodes a %i×%i painting that decodes to exactly its pixels', async (width, height) => {
    const image = paintImage({ width, height, seed: 3, prompt: 'png' });
    const decoded = await decode(encodePng(image));
    expect(decoded).toMatchObject({ width, height, channels: 3 });
    expect(firstDifference(decoded.data, image.data)).toBe(-1);
  });

  it('encodes incompressible noise losslessly', async () => {
    const image = noise(61, 43);
    expect(firstDifference((await decode(encodePng(image))).data, image.data)).toBe(-1);
  });

  it('writes signature, IHDR, IDAT and IEND with correct lengths and CRCs', () => {
    const image = paintImage({ width: 5, height: 4, seed: 1, prompt: '' });
    const png = encodePng(image);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(Array.from(png.subarray(0, 8))).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    const chunks: { type: string; data: Uint8Array }[] = [];
    for (let offset = 8; offset < png.length; ) {
      const length = view.getUint32(offset);
      const type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
      const data = png.subarray(offset + 8, offset + 8 + length);
      expect(view.getUint32(offset + 8 + length)).toBe(
        crc32(png.subarray(offset + 4, offset + 8 + length)),
      );
      chunks.push({ type, data });
      offset += 12 + length;
    }
    expect(chunks.map(chunk => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(Array.from(chunks[0]?.data ?? [])).toEqual([0, 0, 0, 5, 0, 0, 0, 4, 8, 2, 0, 0, 0]);
    const scanlines = inflateSync(chunks[1]?.data ?? new Uint8Array());
    expect(scanlines).toHaveLength(4 * (1 + 5 * 3));
    expect(scanlines[0]).toBe(0);
    expect(Array.from(scanlines.subarray(1, 16))).toEqual(Array.from(image.data.subarray(0, 15)));
  });
});
