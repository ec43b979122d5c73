import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64Codec } from './base64.js';
import { readImageMetadata, readImageMetadataFromBase64 } from './image-metadata.js';

/** A complete, valid 1×1 red RGB PNG. */
const onePixelPng = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
  0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
  0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
  0x44, 0xae, 0x42, 0x60, 0x82,
]);

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function ascii(text: string): number[] {
  return Array.from(text, character => character.charCodeAt(0));
}

function uint16BigEndian(value: number): number[] {
  return [value >> 8, value & 0xff];
}

function uint16LittleEndian(value: number): number[] {
  return [value & 0xff, value >> 8];
}

function uint32LittleEndian(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24];
}

function uint24LittleEndian(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff];
}

/** Signature plus an IHDR chunk (the CRC is not checked by the reader, so it is zero here). */
function pngHeader(width: number, height: number): Uint8Array {
  const size = (value: number) => [
    value >>> 24,
    (value >> 16) & 0xff,
    (value >> 8) & 0xff,
    value & 0xff,
  ];
  return concat(
    onePixelPng.subarray(0, 8),
    [0, 0, 0, 13],
    ascii('IHDR'),
    size(width),
    size(height),
    [8, 2, 0, 0, 0],
    [0, 0, 0, 0],
  );
}

function jpegSegment(marker: number, payload: ArrayLike<number>): number[] {
  return [0xff, marker, ...uint16BigEndian(payload.length + 2), ...Array.from(payload)];
}

/** Baseline (SOF0) frame header for a 3-component image. */
function startOfFrame(width: number, height: number, marker = 0xc0): number[] {
  return jpegSegment(marker, [
    8,
    ...uint16BigEndian(height),
    ...uint16BigEndian(width),
    3,
    ...[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
  ]);
}

const startOfImage = [0xff, 0xd8];
const jfifSegment = jpegSegment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const exifSegment = jpegSegment(0xe1, [
  ...ascii('Exif'),
  0,
  0,
  ...new Array<number>(1000).fill(0xff),
]);
const quantisationTable = jpegSegment(0xdb, [0, ...new Array<number>(64).fill(1)]);
const startOfScan = jpegSegment(0xda, [1, 1, 0, 0, 63, 0]);

function jpeg(...segments: number[][]): Uint8Array {
  return concat(startOfImage, ...segments, startOfScan, [0x12, 0x34, 0xff, 0xd9]);
}

function riff(chunkType: string, payload: number[]): Uint8Array {
  const paddedPayload = payload.length % 2 === 0 ? payload : [...payload, 0];
  return concat(
    ascii('RIFF'),
    uint32LittleEndian(4 + 8 + paddedPayload.length),
    ascii('WEBP'),
    ascii(chunkType),
    uint32LittleEndian(payload.length),
    paddedPayload,
  );
}

function webpLossy(width: number, height: number, scaleBits = 0): Uint8Array {
  return riff('VP8 ', [
    ...[0x50, 0x02, 0x00],
    ...[0x9d, 0x01, 0x2a],
    ...uint16LittleEndian(width | (scaleBits << 14)),
    ...uint16LittleEndian(height | (scaleBits << 14)),
    ...new Array<number>(10).fill(0),
  ]);
}

function webpLossless(width: number, height: number): Uint8Array {
  const packed = ((width - 1) | ((height - 1) << 14) | (1 << 28)) >>> 0;
  return riff('VP8L', [0x2f, ...uint32LittleEndian(packed), ...new Array<number>(8).fill(0)]);
}

function webpExtended(width: number, height: number): Uint8Array {
  return riff('VP8X', [
    0x10,
    0,
    0,
    0,
    ...uint24LittleEndian(width - 1),
    ...uint24LittleEndian(height - 1),
  ]);
}

function gif(version: '87a' | '89a', width: number, height: number): Uint8Array {
  return concat(
    ascii(`GIF${version}`),
    uint16LittleEndian(width),
    uint16LittleEndian(height),
    [0xf0, 0, 0],
    [0, 0, 0, 0xff, 0xff, 0xff],
    [0x3b],
  );
}

describe('readImageMetadata', () => {
  describe('PNG', () => {
    it('reads a complete 1×1 PNG', () => {
      expect(readImageMetadata(onePixelPng)).toEqual({
        mediaType: 'image/png',
        width: 1,
        height: 1,
      });
    });

    it('reads large dimensions from IHDR', () => {
      expect(readImageMetadata(pngHeader(4096, 2160))).toEqual({
        mediaType: 'image/png',
        width: 4096,
        height: 2160,
      });
    });

    it('returns the media type alone when IHDR is cut off', () => {
      expect(readImageMetadata(onePixelPng.subarray(0, 20))).toEqual({ mediaType: 'image/png' });
    });

    it('returns the media type alone when the first chunk is not IHDR', () => {
      const header = pngHeader(10, 10);
      header.set(ascii('CgBI'), 12);
      expect(readImageMetadata(header)).toEqual({ mediaType: 'image/png' });
    });

    it('reads a view that starts inside a larger buffer', () => {
      const larger = concat([1, 2, 3, 4, 5], pngHeader(640, 480), [9, 9]);
      expect(readImageMetadata(larger.subarray(5))).toEqual({
        mediaType: 'image/png',
        width: 640,
        height: 480,
      });
    });
  });

  describe('JPEG', () => {
    it('skips APP0 and a 1 KB APP1 EXIF segment to reach SOF0', () => {
      const bytes = jpeg(jfifSegment, exifSegment, quantisationTable, startOfFrame(640, 480));
      expect(readImageMetadata(bytes)).toEqual({
        mediaType: 'image/jpeg',
        width: 640,
        height: 480,
      });
    });

    it('reads progressive (SOF2) and arithmetic (SOF9) frame headers', () => {
      expect(readImageMetadata(jpeg(startOfFrame(1024, 768, 0xc2)))).toMatchObject({
        width: 1024,
        height: 768,
      });
      expect(readImageMetadata(jpeg(startOfFrame(33, 7, 0xc9)))).toMatchObject({
        width: 33,
        height: 7,
      });
    });

    it('does not mistake DHT, JPG or DAC segments for frame headers', () => {
      const lookalikePayload = [8, 0x11, 0x11, 0x22, 0x22, 3, 0, 0, 0];
      const bytes = jpeg(
        jpegSegment(0xc4, lookalikePayload),
        jpegSegment(0xc8, lookalikePayload),
        jpegSegment(0xcc, lookalikePayload),
        startOfFrame(300, 200),
      );
      expect(readImageMetadata(bytes)).toEqual({
        mediaType: 'image/jpeg',
        width: 300,
        height: 200,
      });
    });

    it('skips 0xFF fill bytes and standalone markers before a segment', () => {
      const bytes = jpeg(jfifSegment, [0xff, 0xff, 0xff], [0xff, 0xd0], startOfFrame(5, 6));
      expect(readImageMetadata(bytes)).toEqual({ mediaType: 'image/jpeg', width: 5, height: 6 });
    });

    it('keeps the width when the height is deferred to a DNL segment', () => {
      expect(readImageMetadata(jpeg(startOfFrame(800, 0)))).toEqual({
        mediaType: 'image/jpeg',
        width: 800,
      });
    });

    it('stops at the start of scan when no frame header came first', () => {
      expect(readImageMetadata(jpeg(jfifSegment))).toEqual({ mediaType: 'image/jpeg' });
    });

    it('stops on a segment length below 2 instead of looping', () => {
      const bytes = concat(startOfImage, [0xff, 0xe1, 0x00, 0x00], startOfFrame(1, 1));
      expect(readImageMetadata(bytes)).toEqual({ mediaType: 'image/jpeg' });
    });

    it('returns the media type alone when cut inside the EXIF segment or the frame header', () => {
      const bytes = jpeg(jfifSegment, exifSegment, startOfFrame(640, 480));
      const frameOffset = startOfImage.length + jfifSegment.length + exifSegment.length;
      expect(readImageMetadata(bytes.subarray(0, 500))).toEqual({ mediaType: 'image/jpeg' });
      expect(readImageMetadata(bytes.subarray(0, frameOffset + 6))).toEqual({
        mediaType: 'image/jpeg',
      });
      expect(readImageMetadata(bytes.subarray(0, frameOffset + 9))).toEqual({
        mediaType: 'image/jpeg',
        width: 640,
        height: 480,
      });
    });
  });

  describe('WebP', () => {
    it('reads lossy VP8 dimensions and ignores the scale bits', () => {
      expect(readImageMetadata(webpLossy(1536, 1024, 3))).toEqual({
        mediaType: 'image/webp',
        width: 1536,
        height: 1024,
      });
    });

    it('reads lossless VP8L dimensions packed LSB-first', () => {
      expect(readImageMetadata(webpLossless(1023, 17))).toEqual({
        mediaType: 'image/webp',
        width: 1023,
        height: 17,
      });
      expect(readImageMetadata(webpLossless(16384, 16384))).toEqual({
        mediaType: 'image/webp',
        width: 16384,
        height: 16384,
      });
      expect(readImageMetadata(webpLossless(1, 1))).toMatchObject({ width: 1, height: 1 });
    });

    it('reads the VP8X canvas size (24-bit)', () => {
      expect(readImageMetadata(webpExtended(20_000, 300))).toEqual({
        mediaType: 'image/webp',
        width: 20_000,
        height: 300,
      });
    });

    it('returns the media type alone when truncated, malformed or of an unknown chunk', () => {
      expect(readImageMetadata(webpLossy(64, 64).subarray(0, 16))).toEqual({
        mediaType: 'image/webp',
      });
      const badStartCode = webpLossy(64, 64);
      badStartCode[24] = 0;
      expect(readImageMetadata(badStartCode)).toEqual({ mediaType: 'image/webp' });
      const badSignature = webpLossless(64, 64);
      badSignature[20] = 0x2e;
      expect(readImageMetadata(badSignature)).toEqual({ mediaType: 'image/webp' });
      expect(readImageMetadata(riff('ALPH', new Array<number>(20).fill(0)))).toEqual({
        mediaType: 'image/webp',
      });
    });

    it('does not take other RIFF files for WebP', () => {
      const wave = webpLossless(8, 8);
      wave.set(ascii('WAVE'), 8);
      expect(readImageMetadata(wave)).toBeUndefined();
    });
  });

  describe('GIF', () => {
    it('reads the logical screen size of GIF89a and GIF87a', () => {
      expect(readImageMetadata(gif('89a', 320, 240))).toEqual({
        mediaType: 'image/gif',
        width: 320,
        height: 240,
      });
      expect(readImageMetadata(gif('87a', 1, 65535))).toEqual({
        mediaType: 'image/gif',
        width: 1,
        height: 65535,
      });
    });

    it('returns the media type alone when truncated', () => {
      expect(readImageMetadata(gif('89a', 320, 240).subarray(0, 8))).toEqual({
        mediaType: 'image/gif',
      });
    });
  });

  describe('garbage', () => {
    it('returns undefined for empty, short, textual and random input', () => {
      expect(readImageMetadata(new Uint8Array())).toBeUndefined();
      expect(readImageMetadata(new Uint8Array([0x89, 0x50]))).toBeUndefined();
      expect(readImageMetadata(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
      expect(readImageMetadata(new TextEncoder().encode('{"error":"nope"}'))).toBeUndefined();
      expect(readImageMetadata(new TextEncoder().encode('GIF90a......'))).toBeUndefined();
    });

    it('never throws on any truncation or random corruption of valid headers', () => {
      const samples = [
        onePixelPng,
        jpeg(jfifSegment, exifSegment, startOfFrame(640, 480)),
        webpLossy(10, 10),
        webpLossless(10, 10),
        webpExtended(10, 10),
        gif('89a', 10, 10),
      ];
      let seed = 12345;
      const nextRandom = () => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return seed >>> 16;
      };
      const mediaTypes = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
      let readCount = 0;
      for (const sample of samples) {
        for (let length = 0; length <= sample.length; length += 1) {
          const result = readImageMetadata(sample.subarray(0, length));
          expect(result === undefined || mediaTypes.has(result.mediaType)).toBe(true);
          readCount += 1;
        }
        for (let round = 0; round < 300; round += 1) {
          const corrupted = sample.slice();
          for (let change = 0; change < 4; change += 1) {
            corrupted[nextRandom() % corrupted.length] = nextRandom() & 0xff;
          }
          const result = readImageMetadata(corrupted);
          expect(result === undefined || mediaTypes.has(result.mediaType)).toBe(true);
          readCount += 1;
        }
      }
      expect(readCount).toBeGreaterThan(1800);
    });
  });
});

describe('readImageMetadataFromBase64', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Decoded bytes of the first prefix, as base64 characters. */
  const firstPrefixCharacters = Math.ceil((64 * 1024) / 3) * 4;

  it('reads a short PNG and decodes its whole string once', () => {
    const decode = vi.spyOn(base64Codec, 'decode');
    const base64 = Buffer.from(onePixelPng).toString('base64');
    expect(readImageMetadataFromBase64(base64)).toEqual({
      mediaType: 'image/png',
      width: 1,
      height: 1,
    });
    expect(decode).toHaveBeenCalledTimes(1);
    expect(decode).toHaveBeenCalledWith(base64);
  });

  it('decodes only a 64 KiB prefix of a 3 MB image', () => {
    const decode = vi.spyOn(base64Codec, 'decode');
    const base64 = Buffer.from(concat(pngHeader(2048, 1536), new Uint8Array(3_000_000))).toString(
      'base64',
    );
    expect(readImageMetadataFromBase64(base64)).toEqual({
      mediaType: 'image/png',
      width: 2048,
      height: 1536,
    });
    expect(decode).toHaveBeenCalledTimes(1);
    expect(decode.mock.calls[0]?.[0]).toHaveLength(firstPrefixCharacters);
  });

  it('accepts URL-safe base64', () => {
    const base64url = Buffer.from(webpLossless(1023, 17)).toString('base64url');
    expect(readImageMetadataFromBase64(base64url)).toEqual({
      mediaType: 'image/webp',
      width: 1023,
      height: 17,
    });
  });

  it('retries once with a larger prefix when EXIF and ICC push the JPEG frame header past 64 KiB', () => {
    const decode = vi.spyOn(base64Codec, 'decode');
    const largeSegment = (marker: number) => jpegSegment(marker, new Array<number>(65_000).fill(7));
    const bytes = concat(
      jpeg(largeSegment(0xe1), largeSegment(0xe2), largeSegment(0xe2), startOfFrame(4000, 3000)),
      new Uint8Array(4_000_000),
    );
    const base64 = Buffer.from(bytes).toString('base64');
    expect(readImageMetadataFromBase64(base64)).toEqual({
      mediaType: 'image/jpeg',
      width: 4000,
      height: 3000,
    });
    expect(decode).toHaveBeenCalledTimes(2);
    const retryCharacters = decode.mock.calls[1]?.[0].length ?? 0;
    expect(retryCharacters).toBeGreaterThan(firstPrefixCharacters);
    expect(retryCharacters).toBeLessThan(base64.length / 2);
  });

  it('retries with the whole string when it is shorter than the larger prefix', () => {
    const decode = vi.spyOn(base64Codec, 'decode');
    const exif = jpegSegment(0xe1, new Array<number>(65_000).fill(7));
    const bytes = jpeg(exif, exif, startOfFrame(9, 8));
    const base64 = Buffer.from(bytes).toString('base64');
    expect(readImageMetadataFromBase64(base64)).toEqual({
      mediaType: 'image/jpeg',
      width: 9,
      height: 8,
    });
    expect(decode).toHaveBeenCalledTimes(2);
    expect(decode).toHaveBeenLastCalledWith(base64);
  });

  it('does not retry when a JPEG scan starts without a frame header', () => {
    const decode = vi.spyOn(base64Codec, 'decode');
    const base64 = Buffer.from(concat(jpeg(jfifSegment), new Uint8Array(200_000))).toString(
      'base64',
    );
    expect(readImageMetadataFromBase64(base64)).toEqual({ mediaType: 'image/jpeg' });
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it('returns undefined, without throwing, for garbage strings', () => {
    expect(readImageMetadataFromBase64('')).toBeUndefined();
    expect(readImageMetadataFromBase64('!!!!')).toBeUndefined();
    expect(readImageMetadataFromBase64('data:image/png;base64,iVBORw0KGgo=')).toBeUndefined();
    expect(readImageMetadataFromBase64('not base64 at all, just prose')).toBeUndefined();
  });
});
