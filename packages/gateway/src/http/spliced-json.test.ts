import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SplicedJson } from './spliced-json.js';

function text(serialized: string | Buffer): string {
  return typeof serialized === 'string' ? serialized : serialized.toString('utf8');
}

describe('SplicedJson', () => {
  it('gives the same text as JSON.stringify', () => {
    fc.assert(
      fc.property(
        fc.array(fc.base64String({ minLength: 0, maxLength: 64 }), { maxLength: 5 }),
        fc.jsonValue(),
        (blobs, extra) => {
          const json = new SplicedJson();
          const spliced = json.serialize({
            extra,
            data: blobs.map(blob => ({ b64_json: json.placeholder(blob) })),
          });
          const plain = JSON.stringify({ extra, data: blobs.map(blob => ({ b64_json: blob })) });
          expect(spliced).toBe(plain);
          expect(JSON.parse(plain)).toEqual(JSON.parse(text(spliced)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers large values as the bytes of the same JSON text, prefixes included', () => {
    const big = Buffer.alloc(300_000, 7).toString('base64');
    const json = new SplicedJson();
    const value = {
      created: 1,
      note: 'ünïcode ✓ and "quotes"',
      output: [json.placeholder(big, 'data:image/png;base64,'), json.placeholder('QUJD')],
      data: [{ b64_json: json.placeholder(big) }],
    };
    const serialized = json.serialize(value);
    expect(Buffer.isBuffer(serialized)).toBe(true);
    expect(text(serialized)).toBe(
      JSON.stringify({
        created: 1,
        note: 'ünïcode ✓ and "quotes"',
        output: [`data:image/png;base64,${big}`, 'QUJD'],
        data: [{ b64_json: big }],
      }),
    );
  });

  it('escapes spliced text that is not JSON-safe, small or large', () => {
    const unsafe = ['with "quote"', 'back\\slash', 'ünïcode ✓', 'ĢĢĢ'];
    const cases = [
      ...unsafe.flatMap(sample => [
        { sample, filler: 0 },
        { sample, filler: 200_000 },
      ]),
      // Only looked for in small answers (see SplicedJson): no base64 has them.
      { sample: 'line\nbreak \u0000', filler: 0 },
      { sample: 'ŁŁŁ', filler: 0 },
      { sample: 'lone \ud800 surrogate', filler: 0 },
    ];
    for (const { sample, filler } of cases) {
      const long = 'A'.repeat(filler) + sample;
      const json = new SplicedJson();
      const serialized = json.serialize({ value: json.placeholder(long) });
      expect(Buffer.isBuffer(serialized)).toBe(filler > 0);
      expect(JSON.parse(text(serialized))).toEqual({ value: long });
    }
  });

  it('splices ASCII bytes like the same text as a string, small or large', () => {
    for (const length of [8, 300_000]) {
      const big = Buffer.alloc(length, 7).toString('base64');
      const body = Buffer.from(`{"b64_json":"${big}"}`, 'latin1');
      const view = body.subarray(13, 13 + big.length);
      const fromBytes = new SplicedJson();
      const fromString = new SplicedJson();
      const bytesValue = { data: [{ b64_json: fromBytes.placeholder(view, 'data:,') }], n: 'ü' };
      const stringValue = { data: [{ b64_json: fromString.placeholder(big, 'data:,') }], n: 'ü' };
      expect(text(fromBytes.serialize(bytesValue))).toBe(text(fromString.serialize(stringValue)));
      expect(text(fromBytes.serialize(bytesValue))).toBe(
        JSON.stringify({ data: [{ b64_json: `data:,${big}` }], n: 'ü' }),
      );
    }
  });

  it('gives a large answer as pieces, the spliced bytes as the very views given', () => {
    const big = Buffer.alloc(300_000, 7).toString('base64');
    const body = Buffer.from(`{"b64_json":"${big}"}`, 'latin1');
    const view = body.subarray(13, 13 + big.length);
    const json = new SplicedJson();
    const chunks = json.chunks({ created: 1, data: [{ b64_json: json.placeholder(view) }] });
    expect(Array.isArray(chunks)).toBe(true);
    const pieces = chunks as Buffer[];
    expect(pieces).toContain(view);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(
      JSON.stringify({ created: 1, data: [{ b64_json: big }] }),
    );
    const small = new SplicedJson();
    expect(small.chunks({ b64_json: small.placeholder(Buffer.from('QUJD')) })).toBe(
      '{"b64_json":"QUJD"}',
    );
  });

  it('escapes spliced bytes that are not JSON-safe ASCII, small or large', () => {
    for (const sample of ['with "quote"', 'back\\slash', 'ÿ high byte']) {
      for (const filler of [0, 200_000]) {
        const long = 'A'.repeat(filler) + sample;
        const json = new SplicedJson();
        const value = { value: json.placeholder(Buffer.from(long, 'latin1')) };
        expect(JSON.parse(text(json.serialize(value)))).toEqual({ value: long });
        const chunks = json.chunks(value);
        const whole = typeof chunks === 'string' ? chunks : Buffer.concat(chunks).toString('utf8');
        expect(JSON.parse(whole)).toEqual({ value: long });
      }
    }
  });

  it('leaves text that merely looks like a placeholder alone', () => {
    const json = new SplicedJson();
    const value = { note: '\u0000splice:abc:0\u0000', data: json.placeholder('QUJD') };
    expect(JSON.parse(text(json.serialize(value)))).toEqual({
      note: '\u0000splice:abc:0\u0000',
      data: 'QUJD',
    });
  });
});
