import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseJsonWithBase64Fields } from './json-with-base64-fields.js';

const imageA = Buffer.alloc(30_000, 7).toString('base64');
const imageB = Buffer.from('not really a png, but base64 all the same').toString('base64');

function openaiBody(): string {
  return JSON.stringify({
    created: 1_713_833_628,
    data: [
      { b64_json: imageA, revised_prompt: 'a "deer" by the lake \\ at dawn — 鹿' },
      { b64_json: imageB },
    ],
    usage: { input_tokens: 50, output_tokens: 272 },
  });
}

function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseJsonWithBase64Fields', () => {
  it('gives what JSON.parse gives, parsing only the small remainder', () => {
    const text = openaiBody();
    const parse = vi.spyOn(JSON, 'parse');
    const value = parseJsonWithBase64Fields(bytesOf(text), ['b64_json']);
    const parsedLengths = parse.mock.calls.map(([source]) => source.length);
    parse.mockRestore();
    expect(value).toEqual(JSON.parse(text));
    expect(parsedLengths).toHaveLength(1);
    expect(parsedLengths[0]).toBeLessThan(300);
  });

  it("with as: 'bytes', gives each cut-out value as a view of the body, copied nowhere", () => {
    const body = bytesOf(openaiBody());
    const value = parseJsonWithBase64Fields(body, ['b64_json'], 'bytes') as {
      data: { b64_json: Buffer; revised_prompt?: string }[];
    };
    const [first, second] = value.data;
    expect(Buffer.isBuffer(first?.b64_json)).toBe(true);
    expect(first?.b64_json.buffer).toBe(body.buffer);
    expect(first?.b64_json.toString('latin1')).toBe(imageA);
    expect(second?.b64_json.toString('latin1')).toBe(imageB);
    expect(first?.revised_prompt).toBe('a "deer" by the lake \\ at dawn — 鹿');
  });

  it("with as: 'bytes', still gives strings from a small body or one parsed whole", () => {
    const small = JSON.stringify({ data: [{ b64_json: imageB }] });
    expect(parseJsonWithBase64Fields(bytesOf(small), ['b64_json'], 'bytes')).toEqual(
      JSON.parse(small),
    );
    const escaped = openaiBody().replace(imageB, `${imageB.slice(0, 4)}\\/${imageB.slice(4)}`);
    expect(parseJsonWithBase64Fields(bytesOf(escaped), ['b64_json'], 'bytes')).toEqual(
      JSON.parse(escaped),
    );
  });

  it('reads a plain Uint8Array as well as a Buffer', () => {
    const text = openaiBody();
    const bytes = new Uint8Array(bytesOf(text));
    expect(parseJsonWithBase64Fields(bytes, ['b64_json'])).toEqual(JSON.parse(text));
  });

  it('finds the fields at any depth, with whitespace around the colon, under several names', () => {
    const text = `{ "predictions": [ { "bytesBase64Encoded" :\n "${imageB}", "mimeType": "image/png" } ],
      "nested": { "deeper": { "image"\t:\t"${imageA}" } }, "image": null }`;
    const parse = vi.spyOn(JSON, 'parse');
    const value = parseJsonWithBase64Fields(bytesOf(text), ['bytesBase64Encoded', 'image']);
    const largest = Math.max(...parse.mock.calls.map(([source]) => source.length));
    parse.mockRestore();
    expect(value).toEqual(JSON.parse(text));
    expect(largest).toBeLessThan(200);
  });

  it('leaves a key that only appears inside another string alone', () => {
    const text = JSON.stringify({
      revised_prompt: `write "b64_json":"${imageB}" on a sign`,
      data: [{ b64_json: imageA }],
    });
    expect(parseJsonWithBase64Fields(bytesOf(text), ['b64_json'])).toEqual(JSON.parse(text));
  });

  it('keeps non-string values of the fields and the field names used as values', () => {
    const text = JSON.stringify({
      response_format: 'b64_json',
      data: [{ b64_json: null, url: 'https://example.test/a.png' }, { b64_json: imageB }],
    });
    expect(parseJsonWithBase64Fields(bytesOf(text), ['b64_json'])).toEqual(JSON.parse(text));
  });

  it('parses the whole body when a value holds an escape (e.g. \\/) or non-ASCII text', () => {
    const escaped = `{"data":[{"b64_json":"${imageB.slice(0, 8)}\\/${imageB.slice(8)}"}]}`;
    const nonAscii = JSON.stringify({ data: [{ b64_json: imageA }, { b64_json: 'ÄÖÜ' }] });
    for (const text of [escaped, nonAscii]) {
      const parse = vi.spyOn(JSON, 'parse');
      const value = parseJsonWithBase64Fields(bytesOf(text), ['b64_json']);
      const lengths = parse.mock.calls.map(([source]) => source.length);
      parse.mockRestore();
      expect(value).toEqual(JSON.parse(text));
      expect(lengths).toEqual([text.length]);
    }
  });

  it('gives the same answer for keys spelt with escapes and for repeated keys', () => {
    const escapedKey = `{"data":[{"b64_json":"${imageB}","b64\\u005fjson":"0"}]}`;
    const repeated = `{"data":[{"b64_json":"${imageA}","b64_json":"${imageB}"}]}`;
    for (const text of [escapedKey, repeated]) {
      expect(parseJsonWithBase64Fields(bytesOf(text), ['b64_json'])).toEqual(JSON.parse(text));
    }
  });

  it('parses normally when no field is present or a field name is not a plain identifier', () => {
    const text = openaiBody();
    expect(parseJsonWithBase64Fields(bytesOf(text), ['bytesBase64Encoded'])).toEqual(
      JSON.parse(text),
    );
    expect(parseJsonWithBase64Fields(bytesOf(text), ['b64"json'])).toEqual(JSON.parse(text));
  });

  it('throws SyntaxError for malformed bodies, also when cut inside a base64 value', () => {
    const text = openaiBody();
    const cut = text.slice(0, text.indexOf(imageA) + 100);
    expect(() => parseJsonWithBase64Fields(bytesOf(cut), ['b64_json'])).toThrow(SyntaxError);
    expect(() => parseJsonWithBase64Fields(bytesOf(`${text.slice(0, -1)},`), ['b64_json'])).toThrow(
      SyntaxError,
    );
  });

  it('parses a small body whole, in one JSON.parse without a reviver', () => {
    const text = JSON.stringify({ created: 1, data: [{ b64_json: imageB }] });
    const parse = vi.spyOn(JSON, 'parse');
    const value = parseJsonWithBase64Fields(bytesOf(text), ['b64_json']);
    const calls = parse.mock.calls.map(([source, reviver]) => [source.length, reviver]);
    parse.mockRestore();
    expect(value).toEqual(JSON.parse(text));
    expect(calls).toEqual([[text.length, undefined]]);
  });
});
