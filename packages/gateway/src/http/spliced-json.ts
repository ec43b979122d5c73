import { isAscii } from 'node:buffer';
import { randomBytes } from 'node:crypto';

/**
 * Placeholder marker, random per process so that no value a client or provider controls can
 * forge one (it never appears in an answer: every placeholder is replaced). `JSON.stringify`
 * writes the U+0000 around it as `\u0000`.
 */
const nonce = randomBytes(12).toString('hex');
const marker = `\u0000splice:${nonce}:`;
const markerInJson = `\\u0000splice:${nonce}:`;
const markerEndInJson = '\\u0000';
/** Below this many spliced characters the answer is a string: a Buffer would not pay off. */
const bufferFromChars = 64 * 1024;
/** Characters that cannot stand unescaped in a JSON string (lone surrogates cannot be encoded). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON strings must escape.
const unsafeInJsonString = /["\\\u0000-\u001f\ud800-\udfff]/;
const quote = 0x22;
const backslash = 0x5c;

interface Piece {
  readonly prefix: string;
  readonly text: string;
}

/**
 * Builds a JSON answer in which large strings (base64 images, `data:` URIs) are spliced in as
 * they are, instead of passing through `JSON.stringify`, which would scan and copy every
 * character of a multi-megabyte image and then be transcoded to UTF-8 once more on the socket.
 * Use `placeholder(text)` where such a string goes, then `serialize(value)`.
 *
 * A large answer comes out as one `Buffer`, written by the socket as it is: each spliced string
 * is copied into it once, one byte per character (a fraction of a millisecond per 4 MiB image),
 * and checked there; the string itself is not kept. Spliced text meant for this is base64 or a
 * base64 `data:` URI. Text with a quote, a backslash or a character from U+0080 to U+00FF is
 * escaped by `JSON.stringify` instead, so no spliced text can end its string early. Small answers
 * are checked completely (control characters and lone surrogates too); in large ones, control
 * characters and characters above U+00FF, which no base64 has, are not looked for (a scan would
 * cost more than the copy): such text comes out as garbage, like the image it claims to be.
 *
 * @example
 * const json = new SplicedJson();
 * reply.send(json.serialize({ data: [{ b64_json: json.placeholder(image.base64) }] }));
 */
export class SplicedJson {
  readonly #pieces: Piece[] = [];

  /**
   * A token to put in the value where `prefix + text` belongs, as a whole string value (not part
   * of a longer string). `prefix` is short (e.g. `data:image/png;base64,`), `text` may be long.
   */
  placeholder(text: string, prefix = ''): string {
    this.#pieces.push({ prefix, text });
    return `${marker}${this.#pieces.length - 1}\u0000`;
  }

  /**
   * The JSON text of `value` with every placeholder replaced by its text: a string for a small
   * answer, else a `Buffer` of its UTF-8 bytes.
   */
  serialize(value: unknown): string | Buffer {
    const json = JSON.stringify(value);
    if (this.#pieces.length === 0) return json;
    const between: string[] = [];
    const order: Piece[] = [];
    let splicedChars = 0;
    let last = 0;
    for (;;) {
      const at = json.indexOf(markerInJson, last);
      if (at === -1) break;
      const end = json.indexOf(markerEndInJson, at + markerInJson.length);
      const piece = this.#pieces[Number(json.slice(at + markerInJson.length, end))];
      if (piece === undefined) break;
      between.push(json.slice(last, at));
      order.push(piece);
      splicedChars += piece.prefix.length + piece.text.length;
      last = end + markerEndInJson.length;
    }
    between.push(json.slice(last));
    if (splicedChars < bufferFromChars) return joined(between, order, jsonSafe);
    return bytesOf(between, order) ?? Buffer.from(joined(between, order, escaped), 'utf8');
  }
}

function jsonSafe(text: string): string {
  return unsafeInJsonString.test(text) ? escaped(text) : text;
}

function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function joined(between: string[], order: Piece[], encode: (text: string) => string): string {
  let text = between[0]!;
  for (let index = 0; index < order.length; index++) {
    const piece = order[index]!;
    text += encode(piece.prefix) + encode(piece.text) + between[index + 1]!;
  }
  return text;
}

/**
 * The answer's bytes with every piece copied in once, or `undefined` when a piece is not plain
 * JSON-safe ASCII. A piece is written one byte per character (`latin1`: a plain copy of the
 * one-byte strings base64 text always is, ~4× faster than a UTF-8 encode); then any byte
 * ≥ 0x80 is found by `isAscii` (SIMD) and a quote or a backslash by `indexOf` (memchr), so the
 * check costs a fraction of the copy. A character above U+00FF would be written as its low byte:
 * only in text that is not base64 to begin with, and never as a quote or a backslash.
 */
function bytesOf(between: string[], order: Piece[]): Buffer | undefined {
  let total = 0;
  for (const text of between) total += Buffer.byteLength(text, 'utf8');
  for (const piece of order) total += piece.prefix.length + piece.text.length;
  const bytes = Buffer.allocUnsafe(total);
  let offset = bytes.write(between[0]!, 0, 'utf8');
  for (let index = 0; index < order.length; index++) {
    const { prefix, text } = order[index]!;
    const start = offset;
    offset += bytes.write(prefix, offset, 'latin1');
    offset += bytes.write(text, offset, 'latin1');
    const region = bytes.subarray(start, offset);
    if (!isAscii(region) || region.indexOf(quote) !== -1 || region.indexOf(backslash) !== -1) {
      return undefined;
    }
    offset += bytes.write(between[index + 1]!, offset, 'utf8');
  }
  return bytes;
}
