import { decodeBase64Prefix } from './base64.js';

/** An image format that Easel recognises from its first bytes. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

/** What an image's headers say about it. */
export interface ImageMetadata {
  /** The format, from the file signature. */
  readonly mediaType: ImageMediaType;
  /** Width in pixels; absent when the headers are truncated or do not state it. */
  readonly width?: number;
  /** Height in pixels; absent when the headers are truncated or do not state it. */
  readonly height?: number;
}

/**
 * Read an image's format and size from its headers only (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X,
 * GIF logical screen), without decoding pixels. Never throws.
 *
 * @returns `undefined` when the bytes are not a PNG, JPEG, WebP or GIF; the media type without
 *   dimensions when the format is recognised but the headers are truncated or malformed.
 */
export function readImageMetadata(bytes: Uint8Array): ImageMetadata | undefined {
  return scanImageHeaders(bytes).metadata;
}

/**
 * Decoded bytes `readImageMetadataFromBase64` looks at first, in bytes. Every header except a
 * JPEG's frame header sits in the first 30 bytes.
 */
const initialPrefixBytes = 64 * 1024;

/**
 * Decoded bytes the second, last attempt looks at when a JPEG's frame header lies beyond the first
 * prefix (a large EXIF thumbnail or ICC profile comes first), in bytes.
 */
const retryPrefixBytes = 1024 * 1024;

/**
 * Like `readImageMetadata`, for base64 text (standard or URL-safe, no `data:` prefix), as a string
 * or as ASCII bytes. Decodes only the first 64 KiB worth of bytes; when a JPEG's frame header is
 * not in them, it tries once more with at least 1 MiB (or the whole text, if shorter). Never
 * throws.
 */
export function readImageMetadataFromBase64(
  base64: string | Uint8Array,
): ImageMetadata | undefined {
  const firstScan = scanImageHeaders(decodeBase64Prefix(base64, initialPrefixBytes));
  if (firstScan.bytesWanted === undefined || coversWholeString(base64, initialPrefixBytes)) {
    return firstScan.metadata;
  }
  const retryBytes = Math.max(firstScan.bytesWanted + initialPrefixBytes, retryPrefixBytes);
  return scanImageHeaders(decodeBase64Prefix(base64, retryBytes)).metadata;
}

function coversWholeString(base64: string | Uint8Array, byteCount: number): boolean {
  return Math.ceil(byteCount / 3) * 4 >= base64.length;
}

interface HeaderScan {
  readonly metadata: ImageMetadata | undefined;
  /** Set when the input ended before the dimensions: the length, in bytes, that would get further. */
  readonly bytesWanted?: number;
}

function scanImageHeaders(bytes: Uint8Array): HeaderScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, pngSignature)) {
    return scanPng(bytes, view);
  }
  if (startsWith(bytes, jpegSignature)) {
    return scanJpeg(bytes, view);
  }
  if (startsWith(bytes, riffSignature) && startsWith(bytes, webpSignature, 8)) {
    return scanWebp(bytes, view);
  }
  if (startsWith(bytes, gif87aSignature) || startsWith(bytes, gif89aSignature)) {
    return scanGif(bytes, view);
  }
  return { metadata: undefined };
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpegSignature = [0xff, 0xd8, 0xff];
const riffSignature = asciiCodes('RIFF');
const webpSignature = asciiCodes('WEBP');
const gif87aSignature = asciiCodes('GIF87a');
const gif89aSignature = asciiCodes('GIF89a');
const ihdrChunkType = asciiCodes('IHDR');
const vp8LossyChunk = asciiCodes('VP8 ');
const vp8LosslessChunk = asciiCodes('VP8L');
const vp8ExtendedChunk = asciiCodes('VP8X');
const vp8StartCode = [0x9d, 0x01, 0x2a];
const vp8LosslessSignature = 0x2f;

function scanPng(bytes: Uint8Array, view: DataView): HeaderScan {
  const metadata = { mediaType: 'image/png' } as const;
  if (bytes.length < 24) {
    return { metadata, bytesWanted: 24 };
  }
  if (!startsWith(bytes, ihdrChunkType, 12)) {
    return { metadata };
  }
  return { metadata: withSize(metadata, view.getUint32(16), view.getUint32(20)) };
}

const startOfScan = 0xda;
const endOfImage = 0xd9;
/** DHT, JPG and DAC share the SOFn range but are not frame headers. */
const notFrameHeaders = new Set([0xc4, 0xc8, 0xcc]);
/** Bytes from a segment's length field to the end of its frame width. */
const frameHeaderLength = 7;

function isStandaloneMarker(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && !notFrameHeaders.has(marker);
}

function scanJpeg(bytes: Uint8Array, view: DataView): HeaderScan {
  const metadata = { mediaType: 'image/jpeg' } as const;
  let offset = 2;
  for (;;) {
    // Like libjpeg, skip stray bytes before a marker, then any 0xFF fill bytes.
    while (offset < bytes.length && bytes[offset] !== 0xff) {
      offset += 1;
    }
    while (offset < bytes.length && bytes[offset] === 0xff) {
      offset += 1;
    }
    const marker = bytes[offset];
    if (marker === undefined) {
      return { metadata, bytesWanted: offset + 1 + frameHeaderLength };
    }
    offset += 1;
    if (marker === startOfScan || marker === endOfImage) {
      return { metadata };
    }
    if (marker === 0x00 || isStandaloneMarker(marker)) {
      continue;
    }
    if (offset + 2 > bytes.length) {
      return { metadata, bytesWanted: offset + frameHeaderLength };
    }
    const segmentLength = view.getUint16(offset);
    if (segmentLength < 2) {
      return { metadata };
    }
    if (isStartOfFrame(marker)) {
      if (offset + frameHeaderLength > bytes.length) {
        return { metadata, bytesWanted: offset + frameHeaderLength };
      }
      return {
        metadata: withSize(metadata, view.getUint16(offset + 5), view.getUint16(offset + 3)),
      };
    }
    offset += segmentLength;
  }
}

function scanWebp(bytes: Uint8Array, view: DataView): HeaderScan {
  const metadata = { mediaType: 'image/webp' } as const;
  if (bytes.length < 30) {
    return { metadata, bytesWanted: 30 };
  }
  if (startsWith(bytes, vp8LossyChunk, 12)) {
    if (!startsWith(bytes, vp8StartCode, 23)) {
      return { metadata };
    }
    return {
      metadata: withSize(
        metadata,
        view.getUint16(26, true) & 0x3fff,
        view.getUint16(28, true) & 0x3fff,
      ),
    };
  }
  if (startsWith(bytes, vp8LosslessChunk, 12)) {
    if (bytes[20] !== vp8LosslessSignature) {
      return { metadata };
    }
    const packed = view.getUint32(21, true);
    return { metadata: withSize(metadata, (packed & 0x3fff) + 1, ((packed >>> 14) & 0x3fff) + 1) };
  }
  if (startsWith(bytes, vp8ExtendedChunk, 12)) {
    return { metadata: withSize(metadata, readUint24(view, 24) + 1, readUint24(view, 27) + 1) };
  }
  return { metadata };
}

function scanGif(bytes: Uint8Array, view: DataView): HeaderScan {
  const metadata = { mediaType: 'image/gif' } as const;
  if (bytes.length < 10) {
    return { metadata, bytesWanted: 10 };
  }
  return { metadata: withSize(metadata, view.getUint16(6, true), view.getUint16(8, true)) };
}

/** Zero means "not stated here" (e.g. a JPEG whose height comes later, in a DNL segment). */
function withSize(
  metadata: { readonly mediaType: ImageMediaType },
  width: number,
  height: number,
): ImageMetadata {
  return {
    mediaType: metadata.mediaType,
    ...(width > 0 ? { width } : {}),
    ...(height > 0 ? { height } : {}),
  };
}

function readUint24(view: DataView, offset: number): number {
  return view.getUint16(offset, true) | (view.getUint8(offset + 2) << 16);
}

function startsWith(bytes: Uint8Array, expected: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + expected.length) {
    return false;
  }
  return expected.every((value, index) => bytes[offset + index] === value);
}

function asciiCodes(text: string): number[] {
  return Array.from(text, character => character.charCodeAt(0));
}
