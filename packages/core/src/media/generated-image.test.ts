import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64Codec } from './base64.js';
import { GeneratedImage } from './generated-image.js';

/** A complete, valid 1×1 red RGB PNG. */
const onePixelPng = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
  0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
  0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
  0x44, 0xae, 0x42, 0x60, 0x82,
]);
const onePixelPngBase64 = Buffer.from(onePixelPng).toString('base64');

/** A 2 MB "PNG": a real 1536×1024 IHDR followed by filler, to make whole-string decodes visible. */
function largePng(): Uint8Array {
  const bytes = new Uint8Array(2_000_000);
  bytes.set(onePixelPng.subarray(0, 16));
  const view = new DataView(bytes.buffer);
  view.setUint32(16, 1536);
  view.setUint32(20, 1024);
  return bytes;
}

function spyOnCodec() {
  return { decode: vi.spyOn(base64Codec, 'decode'), encode: vi.spyOn(base64Codec, 'encode') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GeneratedImage', () => {
  describe('from bytes', () => {
    it('returns the very bytes instance and never decodes', () => {
      const codec = spyOnCodec();
      const image = GeneratedImage.from({ data: onePixelPng });
      expect(image.bytes).toBe(onePixelPng);
      expect(image.bytes).toBe(onePixelPng);
      expect(codec.decode).not.toHaveBeenCalled();
      expect(codec.encode).not.toHaveBeenCalled();
    });

    it('encodes base64 once, on first access, and caches it', () => {
      const codec = spyOnCodec();
      const image = GeneratedImage.from({ data: onePixelPng });
      expect(codec.encode).toHaveBeenCalledTimes(0);
      const first = image.base64;
      expect(first).toBe(onePixelPngBase64);
      expect(image.base64).toBe(first);
      expect(image.toDataUri()).toBe(`data:image/png;base64,${onePixelPngBase64}`);
      expect(codec.encode).toHaveBeenCalledTimes(1);
      expect(codec.encode).toHaveBeenCalledWith(onePixelPng);
    });

    it('sniffs media type and size from the bytes without any conversion', () => {
      const codec = spyOnCodec();
      const image = GeneratedImage.from({ data: onePixelPng });
      expect(image.mediaType).toBe('image/png');
      expect(image.width).toBe(1);
      expect(image.height).toBe(1);
      expect(image.byteLength).toBe(onePixelPng.byteLength);
      expect(codec.decode).not.toHaveBeenCalled();
      expect(codec.encode).not.toHaveBeenCalled();
    });
  });

  describe('from base64', () => {
    it('returns the very string and never encodes', () => {
      const codec = spyOnCodec();
      const image = GeneratedImage.from({ data: onePixelPngBase64 });
      expect(image.base64).toBe(onePixelPngBase64);
      expect(image.toDataUri()).toBe(`data:image/png;base64,${onePixelPngBase64}`);
      expect(codec.encode).not.toHaveBeenCalled();
    });

    it('decodes bytes once, on first access, and caches them', () => {
      const codec = spyOnCodec();
      const image = GeneratedImage.from({ data: onePixelPngBase64, mediaType: 'image/png' });
      expect(codec.decode).toHaveBeenCalledTimes(0);
      const first = image.bytes;
      expect(Array.from(first)).toEqual(Array.from(onePixelPng));
      expect(image.bytes).toBe(first);
      expect(image.bytes).toBe(first);
      expect(codec.decode).toHaveBeenCalledTimes(1);
    });

    it('sniffs media type and size from a short prefix, not the whole string', () => {
      const codec = spyOnCodec();
      const base64 = Buffer.from(largePng()).toString('base64');
      const image = GeneratedImage.from({ data: base64 });
      expect(image.mediaType).toBe('image/png');
      expect(image.width).toBe(1536);
      expect(image.height).toBe(1024);
      expect(image.byteLength).toBe(2_000_000);
      expect(codec.decode).toHaveBeenCalledTimes(1);
      expect(codec.decode.mock.calls[0]?.[0].length).toBeLessThan(base64.length / 10);

      expect(image.bytes).toHaveLength(2_000_000);
      expect(image.bytes).toHaveLength(2_000_000);
      expect(codec.decode).toHaveBeenCalledTimes(2);
      expect(codec.decode).toHaveBeenLastCalledWith(base64);
    });

    it('sniffs from the bytes once they have been decoded', () => {
      const codec = spyOnCodec();
      const image = GeneratedImage.from({ data: onePixelPngBase64 });
      expect(image.bytes).toHaveLength(onePixelPng.length);
      expect(image.mediaType).toBe('image/png');
      expect(image.width).toBe(1);
      expect(codec.decode).toHaveBeenCalledTimes(1);
    });

    it('reads the headers at most once', () => {
      const codec = spyOnCodec();
      const image = GeneratedImage.from({ data: Buffer.from(largePng()).toString('base64') });
      for (let access = 0; access < 3; access += 1) {
        expect(image.width).toBe(1536);
        expect(image.height).toBe(1024);
        expect(image.mediaType).toBe('image/png');
      }
      expect(codec.decode).toHaveBeenCalledTimes(1);
    });

    it('computes byteLength from padded and unpadded base64 without decoding', () => {
      const codec = spyOnCodec();
      for (const length of [0, 1, 2, 3, 4, 100]) {
        const bytes = new Uint8Array(length).fill(7);
        expect(
          GeneratedImage.from({ data: Buffer.from(bytes).toString('base64') }).byteLength,
        ).toBe(length);
        expect(
          GeneratedImage.from({ data: Buffer.from(bytes).toString('base64url') }).byteLength,
        ).toBe(length);
      }
      expect(codec.decode).not.toHaveBeenCalled();
    });
  });

  describe('from base64 as ASCII bytes', () => {
    /** An adapter's image whose `data` must not be read: it holds `base64Bytes`. */
    function fromBase64Bytes(base64Bytes: Uint8Array, facts: { mediaType?: string } = {}) {
      return GeneratedImage.from({
        ...facts,
        base64Bytes,
        get data(): string {
          throw new Error('data was read');
        },
      });
    }

    it('keeps the very view, and makes the string once, on first access, by a plain copy', () => {
      const codec = spyOnCodec();
      const body = Buffer.from(`{"b64_json":"${onePixelPngBase64}"}`, 'latin1');
      const view = body.subarray(13, 13 + onePixelPngBase64.length);
      const image = fromBase64Bytes(view);
      expect(image.base64Bytes).toBe(view);
      expect(image.base64).toBe(onePixelPngBase64);
      expect(image.base64).toBe(image.base64);
      expect(image.toDataUri()).toBe(`data:image/png;base64,${onePixelPngBase64}`);
      expect(codec.encode).not.toHaveBeenCalled();
    });

    it('decodes bytes once, from the bytes, and caches them', () => {
      const codec = spyOnCodec();
      const decodeAscii = vi.spyOn(base64Codec, 'decodeAscii');
      const image = fromBase64Bytes(Buffer.from(onePixelPngBase64, 'latin1'), {
        mediaType: 'image/png',
      });
      const first = image.bytes;
      expect(Array.from(first)).toEqual(Array.from(onePixelPng));
      expect(image.bytes).toBe(first);
      expect(decodeAscii).toHaveBeenCalledTimes(1);
      expect(codec.decode).not.toHaveBeenCalled();
    });

    it('sniffs media type and size from a short prefix, and knows its size without decoding', () => {
      const decodeAscii = vi.spyOn(base64Codec, 'decodeAscii');
      const text = Buffer.from(Buffer.from(largePng()).toString('base64'), 'latin1');
      const image = fromBase64Bytes(text);
      expect(image.mediaType).toBe('image/png');
      expect(image.width).toBe(1536);
      expect(image.height).toBe(1024);
      expect(image.byteLength).toBe(2_000_000);
      expect(decodeAscii).toHaveBeenCalledTimes(1);
      expect(decodeAscii.mock.calls[0]?.[0].length).toBeLessThan(text.length / 10);
    });

    it('is what the string would give', () => {
      const base64 = Buffer.from(largePng()).toString('base64url');
      const fromString = GeneratedImage.from({ data: base64 });
      const fromBytes = fromBase64Bytes(Buffer.from(base64, 'latin1'));
      expect(fromBytes.base64).toBe(fromString.base64);
      expect(Buffer.from(fromBytes.bytes).equals(Buffer.from(fromString.bytes))).toBe(true);
      expect(fromBytes.toJSON()).toEqual(fromString.toJSON());
    });

    it('has no base64Bytes when the adapter handed over a string or bytes', () => {
      expect(GeneratedImage.from({ data: onePixelPngBase64 }).base64Bytes).toBeUndefined();
      expect(GeneratedImage.from({ data: onePixelPng }).base64Bytes).toBeUndefined();
    });
  });

  it('prefers what the provider stated over the headers, without reading them', () => {
    const codec = spyOnCodec();
    const image = GeneratedImage.from({
      data: onePixelPngBase64,
      mediaType: 'image/webp',
      width: 512,
      height: 256,
    });
    expect(image.mediaType).toBe('image/webp');
    expect(image.width).toBe(512);
    expect(image.height).toBe(256);
    expect(codec.decode).not.toHaveBeenCalled();
  });

  it('falls back to application/octet-stream when the format is unknown', () => {
    const image = GeneratedImage.from({ data: new TextEncoder().encode('not an image') });
    expect(image.mediaType).toBe('application/octet-stream');
    expect(image.width).toBeUndefined();
    expect(image.height).toBeUndefined();
    expect(image.toDataUri()).toBe('data:application/octet-stream;base64,bm90IGFuIGltYWdl');
  });

  it('passes the provider facts through, with contentFiltered defaulting to false', () => {
    const providerMetadata = { finishReason: 'SUCCESS' };
    const image = GeneratedImage.from({
      data: onePixelPng,
      seed: 42,
      revisedPrompt: 'a red pixel, highly detailed',
      url: 'https://cdn.example.com/image.png',
      providerMetadata,
    });
    expect(image.seed).toBe(42);
    expect(image.revisedPrompt).toBe('a red pixel, highly detailed');
    expect(image.url).toBe('https://cdn.example.com/image.png');
    expect(image.providerMetadata).toBe(providerMetadata);
    expect(image.contentFiltered).toBe(false);
    expect(GeneratedImage.from({ data: onePixelPng, contentFiltered: true }).contentFiltered).toBe(
      true,
    );
  });

  it('serialises metadata only, never the image data', () => {
    const codec = spyOnCodec();
    const base64 = Buffer.from(largePng()).toString('base64');
    const image = GeneratedImage.from({ data: base64, seed: 7, providerMetadata: { a: 1 } });
    const json = JSON.stringify({ images: [image] });
    expect(JSON.parse(json)).toEqual({
      images: [
        {
          mediaType: 'image/png',
          width: 1536,
          height: 1024,
          byteLength: 2_000_000,
          seed: 7,
          contentFiltered: false,
        },
      ],
    });
    expect(json.length).toBeLessThan(200);
    expect(Object.keys(image.toJSON()).sort()).toEqual([
      'byteLength',
      'contentFiltered',
      'height',
      'mediaType',
      'revisedPrompt',
      'seed',
      'url',
      'width',
    ]);
    expect(codec.encode).not.toHaveBeenCalled();
    expect(codec.decode).toHaveBeenCalledTimes(1);
  });

  it('shows metadata only when inspected or logged', () => {
    const image = GeneratedImage.from({ data: Buffer.from(largePng()).toString('base64') });
    const shown = inspect(image);
    expect(shown).toContain("mediaType: 'image/png'");
    expect(shown).toContain('width: 1536');
    expect(shown.length).toBeLessThan(300);
  });
});
