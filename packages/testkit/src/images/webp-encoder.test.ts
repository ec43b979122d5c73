import { describe, expect, it } from 'vitest';
import { decode, firstDifference } from './__fixtures__/decoded-image.js';
import { paintImage } from './paint-image.js';
import type { RgbImage } from './rgb-image.js';
import { encodeWebpLossless } from './webp-encoder.js';

function imageOf(
  width: number,
  height: number,
  pixel: (x: number, y: number) => number[],
): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      data.set(pixel(x, y), (y * width + x) * 3);
    }
  }
  return { width, height, data };
}

function noise(width: number, height: number, levels = 256): RgbImage {
  let state = width * 7919 + height;
  const data = new Uint8Array(width * height * 3).map(() => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 24) % levels;
  });
  return { width, height, data };
}

async function expectRoundTrip(image: RgbImage): Promise<Uint8Array> {
  const webp = encodeWebpLossless(image);
  const decoded = await decode(webp);
  expect(decoded).toMatchObject({ width: image.width, height: image.height, channels: 3 });
  expect(firstDifference(decoded.data, image.data)).toBe(-1);
  return webp;
}

describe('encodeWebpLossless', () => {
  it.each([
    [1, 1],
    [3, 7],
    [7, 3],
    [1023, 17],
    [17, 1023],
    [1536, 1024],
  ])(
    'encodes a %i×%i painting that libwebp decodes to exactly its pixels',
    async (width, height) => {
      await expectRoundTrip(paintImage({ width, height, seed: 11, prompt: 'webp' }));
    },
  );

  it('encodes noise, where every pixel is a literal and every code is a full Huffman code', async () => {
    await expectRoundTrip(noise(97, 31));
    await expectRoundTrip(noise(256, 64, 5));
  });

  it('encodes a solid image, where every code has one symbol and costs no bits', async () => {
    const webp = await expectRoundTrip(imageOf(640, 480, () => [12, 200, 99]));
    expect(webp.length).toBeLessThan(200);
  });

  it('encodes colours whose components are 0 and 1 (one-bit simple-code symbols)', async () => {
    await expectRoundTrip(imageOf(9, 5, (x, y) => ((x + y) % 2 === 0 ? [0, 0, 0] : [1, 1, 1])));
    await expectRoundTrip(imageOf(9, 5, (x, y) => ((x * y) % 3 === 0 ? [0, 1, 255] : [255, 0, 1])));
  });

  it('encodes copies from every neighbour: left, above, above-left and above-right', async () => {
    const images = [
      imageOf(50, 40, x => [x * 5, 0, 0]),
      imageOf(50, 40, (_, y) => [0, y * 6, 0]),
      imageOf(50, 40, (x, y) => [0, 0, (x - y + 40) * 2]),
      imageOf(50, 40, (x, y) => [(x + y) * 2, 0, 0]),
      imageOf(1, 300, (_, y) => [y % 7, 3, 3]),
    ];
    for (const image of images) {
      const webp = await expectRoundTrip(image);
      // Literals alone would need several bits for each of the 2000 pixels.
      expect(webp.length).toBeLessThan(400);
    }
  });

  it('splits runs longer than 4096 pixels into several copies', async () => {
    const webp = await expectRoundTrip(imageOf(5000, 3, () => [1, 2, 3]));
    expect(webp.length).toBeLessThan(200);
  });

  it('wraps the bitstream in a RIFF file with consistent sizes and an even length', () => {
    for (const [width, height] of [
      [1, 1],
      [3, 7],
      [100, 100],
    ] as const) {
      const webp = encodeWebpLossless(paintImage({ width, height, seed: width, prompt: '' }));
      const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
      const text = (start: number) => new TextDecoder().decode(webp.subarray(start, start + 4));
      const chunkSize = view.getUint32(16, true);
      expect([text(0), text(8), text(12)]).toEqual(['RIFF', 'WEBP', 'VP8L']);
      expect(view.getUint32(4, true)).toBe(webp.length - 8);
      expect(webp.length % 2).toBe(0);
      expect(webp.length - 20 - chunkSize).toBe(chunkSize % 2);
      expect(webp[20]).toBe(0x2f);
      const packed = view.getUint32(21, true);
      expect([(packed & 0x3fff) + 1, ((packed >>> 14) & 0x3fff) + 1]).toEqual([width, height]);
    }
  });

  it('rejects sizes VP8L cannot state', () => {
    const image = (width: number, height: number) => ({ width, height, data: new Uint8Array() });
    expect(() => encodeWebpLossless(image(16_385, 1))).toThrow(RangeError);
    expect(() => encodeWebpLossless(image(0, 1))).toThrow(RangeError);
    expect(() => encodeWebpLossless(image(1.5, 1))).toThrow(RangeError);
  });
});
