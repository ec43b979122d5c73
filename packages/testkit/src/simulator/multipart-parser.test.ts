import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart-parser.js';

const boundary = '----easel-boundary-7MA4YWxkTrZu0gW';
const contentType = `multipart/form-data; boundary=${boundary}`;

function buildBody(parts: ReadonlyArray<{ headers: string[]; data: Buffer | string }>): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n`));
    pieces.push(Buffer.from(part.data));
    pieces.push(Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

/** Every byte value, with CRLF and a fake boundary inside, to prove binary data is untouched. */
const binary = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
  Buffer.from(`\r\n--${boundary.slice(0, 10)}\r\n\r\n`),
  Buffer.from([0, 13, 10, 13, 10, 45, 45]),
]);

describe('parseMultipart', () => {
  it('keeps parts in order with their names, file names, content types and bytes', () => {
    const body = buildBody([
      { headers: ['Content-Disposition: form-data; name="prompt"'], data: 'a deer by the lake' },
      {
        headers: [
          'Content-Disposition: form-data; name="image[]"; filename="first.png"',
          'Content-Type: image/png',
        ],
        data: binary,
      },
      {
        headers: [
          'Content-Disposition: form-data; name="image[]"; filename="second.png"',
          'Content-Type: image/png',
        ],
        data: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      },
      {
        headers: [
          'content-disposition: form-data; name="color_palette"',
          'content-type: application/json',
        ],
        data: '{"members":[{"color_hex":"#ff0000"}]}',
      },
    ]);

    const parts = parseMultipart(body, contentType);

    expect(parts.map(part => part.name)).toEqual(['prompt', 'image[]', 'image[]', 'color_palette']);
    expect(parts[0]?.text()).toBe('a deer by the lake');
    expect(parts[0]?.filename).toBeUndefined();
    expect(parts[0]?.contentType).toBeUndefined();
    expect(parts[1]).toMatchObject({ filename: 'first.png', contentType: 'image/png' });
    expect(parts[1]?.data.equals(binary)).toBe(true);
    expect(parts[2]?.filename).toBe('second.png');
    expect(parts[2]?.data).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(parts[3]?.contentType).toBe('application/json');
    expect(JSON.parse(parts[3]?.text() ?? '')).toEqual({ members: [{ color_hex: '#ff0000' }] });
    expect(parts[3]?.headers).toEqual({
      'content-disposition': 'form-data; name="color_palette"',
      'content-type': 'application/json',
    });
  });

  it('accepts a quoted boundary, a preamble and an epilogue', () => {
    const quoted = 'with space:and=equals';
    const body = Buffer.from(
      `preamble to ignore\r\n--${quoted}\r\nContent-Disposition: form-data; name="n"\r\n\r\nvalue\r\n--${quoted}--\r\nepilogue`,
    );
    const parts = parseMultipart(body, `Multipart/Form-Data; charset=utf-8; boundary="${quoted}"`);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.text()).toBe('value');
  });

  it('keeps an empty part and an empty body of parts', () => {
    const body = buildBody([
      { headers: ['Content-Disposition: form-data; name="empty"'], data: '' },
    ]);
    expect(parseMultipart(body, contentType)[0]?.data.length).toBe(0);
    expect(parseMultipart(Buffer.from(`--${boundary}--\r\n`), contentType)).toEqual([]);
  });

  it('decodes quoted-pair and RFC 8187 file names, the extended form winning', () => {
    const body = buildBody([
      {
        headers: ['Content-Disposition: form-data; name="a"; filename="say \\"cheese\\".png"'],
        data: 'x',
      },
      {
        headers: [
          `Content-Disposition: form-data; name="b"; filename="fallback.png"; filename*=UTF-8''l%C3%A4ke.png`,
        ],
        data: 'y',
      },
    ]);
    const parts = parseMultipart(body, contentType);
    expect(parts[0]?.filename).toBe('say "cheese".png');
    expect(parts[1]?.filename).toBe('läke.png');
  });

  it('joins repeated part headers', () => {
    const body = buildBody([
      { headers: ['Content-Disposition: form-data; name="n"', 'X-Tag: a', 'X-Tag: b'], data: '1' },
    ]);
    expect(parseMultipart(body, contentType)[0]?.headers['x-tag']).toBe('a, b');
  });

  it('rejects what is not multipart/form-data or has no boundary', () => {
    expect(() => parseMultipart(Buffer.from('{}'), 'application/json')).toThrow(
      /expected content-type multipart\/form-data, got "application\/json"/,
    );
    expect(() => parseMultipart(Buffer.from(''), 'multipart/form-data')).toThrow(
      /no boundary parameter/,
    );
    expect(() => parseMultipart(Buffer.from('no boundary here'), contentType)).toThrow(
      /does not contain the boundary/,
    );
  });

  it('rejects bare LF line breaks, unterminated parts and parts without a name', () => {
    const lineFeeds = Buffer.from(
      `--${boundary}\nContent-Disposition: form-data; name="n"\n\nvalue\n--${boundary}--\n`,
    );
    expect(() => parseMultipart(lineFeeds, contentType)).toThrow(/expected CRLF after boundary 1/);

    const unterminated = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="n"\r\n\r\nvalue`,
    );
    expect(() => parseMultipart(unterminated, contentType)).toThrow(
      /part 1 is not followed by a boundary/,
    );

    const nameless = buildBody([{ headers: ['Content-Disposition: form-data'], data: 'v' }]);
    expect(() => parseMultipart(nameless, contentType)).toThrow(/part 1 has no name/);

    const noDisposition = buildBody([{ headers: ['Content-Type: text/plain'], data: 'v' }]);
    expect(() => parseMultipart(noDisposition, contentType)).toThrow(
      /part 1 has no Content-Disposition/,
    );
  });
});
