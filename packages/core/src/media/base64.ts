import { Buffer } from 'node:buffer';

/** Converts between bytes and base64 text. */
export interface Base64Codec {
  /** Encode bytes as standard base64 (with `=` padding), without copying them first. */
  encode(bytes: Uint8Array): string;
  /** Decode standard or URL-safe base64 (padding optional) into new bytes. */
  decode(base64: string): Uint8Array;
}

/**
 * The one place in Easel that converts between bytes and base64. It is a mutable object, rather
 * than two functions, so that tests can count conversions with `vi.spyOn(base64Codec, 'decode')`.
 */
export const base64Codec: Base64Codec = {
  encode(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  },
  decode(base64) {
    return Buffer.from(base64, 'base64');
  },
};

/**
 * Decode only the start of a base64 string: at least `byteCount` bytes when the string holds
 * that many, without touching the rest of the string.
 *
 * @param base64 Standard or URL-safe base64 without whitespace.
 * @param byteCount How many decoded bytes are wanted, in bytes.
 */
export function decodeBase64Prefix(base64: string, byteCount: number): Uint8Array {
  const characterCount = Math.ceil(Math.max(0, byteCount) / 3) * 4;
  return base64Codec.decode(
    characterCount >= base64.length ? base64 : base64.slice(0, characterCount),
  );
}

/**
 * How many bytes a base64 string decodes to, computed from its length and padding without
 * decoding it.
 *
 * @param base64 Standard or URL-safe base64 without whitespace.
 * @returns The decoded length, in bytes.
 */
export function base64ByteLength(base64: string): number {
  let length = base64.length;
  while (length > 0 && base64.charCodeAt(length - 1) === equalsSign) {
    length -= 1;
  }
  return Math.floor((length * 3) / 4);
}

const equalsSign = 0x3d;
const outsideStandardAlphabet = /[^A-Za-z0-9+/]/;
const outsideUrlSafeAlphabet = /[^A-Za-z0-9_-]/;

/**
 * Whether `text` is non-empty base64: the standard alphabet (`+`, `/`) or the URL-safe one
 * (`-`, `_`) but not a mix of both, with up to two `=` of padding that, when present, makes the
 * length a multiple of 4. Whitespace, line breaks and `data:` prefixes are rejected. Linear in the
 * length and regex-driven, so a multi-megabyte string is checked in a few milliseconds.
 */
export function isBase64(text: string): boolean {
  const length = text.length;
  let padding = 0;
  if (text.charCodeAt(length - 1) === equalsSign) {
    padding = text.charCodeAt(length - 2) === equalsSign ? 2 : 1;
  }
  const dataLength = length - padding;
  if (dataLength === 0) {
    return false;
  }
  if (padding > 0 ? length % 4 !== 0 : length % 4 === 1) {
    return false;
  }
  const data = padding === 0 ? text : text.slice(0, dataLength);
  return !outsideStandardAlphabet.test(data) || !outsideUrlSafeAlphabet.test(data);
}
