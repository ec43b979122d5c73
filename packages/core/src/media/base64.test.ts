import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64ByteLength, base64Codec, decodeBase64Prefix, isBase64 } from './base64.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('base64Codec', () => {
  it('round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    const base64 = base64Codec.encode(bytes);
    expect(base64).toBe(Buffer.from(bytes).toString('base64'));
    expect(Array.from(base64Codec.decode(base64))).toEqual(Array.from(bytes));
  });

  it('encodes only the viewed part of a subarray', () => {
    const whole = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(base64Codec.encode(whole.subarray(2, 5))).toBe(
      Buffer.from([3, 4, 5]).toString('base64'),
    );
  });

  it('encodes without copying the bytes', () => {
    const bytes = new Uint8Array([104, 105]);
    const from = vi.spyOn(Buffer, 'from');
    expect(base64Codec.encode(bytes)).toBe('aGk=');
    expect(from).toHaveBeenCalledWith(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  });

  it('decodes URL-safe and unpadded base64', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0xfe]);
    expect(Array.from(base64Codec.decode('+/+//g=='))).toEqual(Array.from(bytes));
    expect(Array.from(base64Codec.decode('-_-__g'))).toEqual(Array.from(bytes));
  });
});

describe('base64Codec.decodeAscii', () => {
  const ascii = (text: string) => Buffer.from(text, 'latin1');

  it('decodes what decode decodes, small and large, standard and URL-safe, padded or not', () => {
    for (const length of [0, 1, 2, 3, 4, 100, 49_151, 49_152, 49_153, 300_001]) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 7919) % 256);
      for (const encoding of ['base64', 'base64url'] as const) {
        const text = Buffer.from(bytes).toString(encoding);
        expect(Buffer.from(base64Codec.decodeAscii(ascii(text))).equals(Buffer.from(bytes))).toBe(
          true,
        );
      }
    }
  });

  it('decodes a view inside a larger buffer without making a string of the whole text', () => {
    const bytes = Uint8Array.from({ length: 400_000 }, (_, index) => index % 256);
    const body = ascii(`{"b64_json":"${Buffer.from(bytes).toString('base64')}"}`);
    const view = body.subarray(13, body.length - 2);
    const latin1Copies = vi.spyOn(Buffer.prototype, 'toString');
    const decoded = base64Codec.decodeAscii(view);
    const longest = Math.max(
      ...latin1Copies.mock.results.map(result => String(result.value).length),
    );
    latin1Copies.mockRestore();
    expect(Buffer.from(decoded).equals(Buffer.from(bytes))).toBe(true);
    expect(longest).toBeLessThanOrEqual(64 * 1024);
  });

  it('still decodes text that holds whitespace, as decode does', () => {
    const bytes = Uint8Array.from({ length: 200_000 }, (_, index) => index % 256);
    const text = Buffer.from(bytes)
      .toString('base64')
      .replace(/(.{76})/g, '$1\n');
    expect(Buffer.from(base64Codec.decodeAscii(ascii(text))).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('decodeBase64Prefix', () => {
  it('decodes at least the requested bytes from a slice of the string', () => {
    const decode = vi.spyOn(base64Codec, 'decode');
    const bytes = Uint8Array.from({ length: 1000 }, (_, index) => index % 251);
    const base64 = Buffer.from(bytes).toString('base64');
    const prefix = decodeBase64Prefix(base64, 10);
    expect(Array.from(prefix)).toEqual(Array.from(bytes.subarray(0, 12)));
    expect(decode).toHaveBeenCalledWith(base64.slice(0, 16));
  });

  it('decodes a prefix of ASCII bytes from a view of them', () => {
    const decodeAscii = vi.spyOn(base64Codec, 'decodeAscii');
    const bytes = Uint8Array.from({ length: 1000 }, (_, index) => index % 251);
    const text = Buffer.from(Buffer.from(bytes).toString('base64'), 'latin1');
    const prefix = decodeBase64Prefix(text, 10);
    expect(Array.from(prefix)).toEqual(Array.from(bytes.subarray(0, 12)));
    expect(decodeAscii.mock.calls[0]?.[0]).toHaveLength(16);
    expect(decodeAscii.mock.calls[0]?.[0].buffer).toBe(text.buffer);
  });

  it('decodes the whole string when it is shorter than asked', () => {
    const base64 = Buffer.from([1, 2, 3, 4]).toString('base64');
    expect(Array.from(decodeBase64Prefix(base64, 1000))).toEqual([1, 2, 3, 4]);
  });
});

describe('base64ByteLength', () => {
  it('matches the decoded length for padded and unpadded strings of every remainder', () => {
    for (let length = 0; length <= 12; length += 1) {
      const bytes = new Uint8Array(length).fill(0xab);
      const padded = Buffer.from(bytes).toString('base64');
      const unpadded = Buffer.from(bytes).toString('base64url');
      expect(base64ByteLength(padded)).toBe(length);
      expect(base64ByteLength(unpadded)).toBe(length);
      expect(base64ByteLength(Buffer.from(padded, 'latin1'))).toBe(length);
      expect(base64ByteLength(Buffer.from(unpadded, 'latin1'))).toBe(length);
    }
  });
});

describe('isBase64', () => {
  it.each(['QQ==', 'QUI=', 'QUJD', 'QUJDRA', 'QUJDREU', '+/8=', '-_8', 'iVBORw0KGgoAAAANSUhEUg'])(
    'accepts %j',
    text => {
      expect(isBase64(text)).toBe(true);
    },
  );

  it.each([
    '',
    '=',
    '==',
    'Q',
    'QUJDR',
    'QQ=',
    'QQ===',
    'Q===',
    'QUJD=',
    'QQ=Q',
    '=QQQ',
    'QQ= ',
    'QU JD',
    'QUJD\n',
    'a+b-',
    '+/_-',
    'ÀÀÀÀ',
    'data:image/png;base64,QQ==',
  ])('rejects %j', text => {
    expect(isBase64(text)).toBe(false);
  });

  it('checks multi-megabyte strings to the last character', () => {
    const base64 = Buffer.alloc(4_125_000, 0xfb).toString('base64');
    expect(base64.length).toBe(5_500_000);
    expect(isBase64(base64)).toBe(true);
    expect(isBase64(`${base64.slice(0, -1)}*`)).toBe(false);
    expect(isBase64(`${base64.slice(0, -4)}-_-_`)).toBe(false);
    expect(isBase64(Buffer.alloc(4_125_000, 0xfb).toString('base64url'))).toBe(true);
  });
});
