import { Buffer, isAscii } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Placeholder marker, random per process so that no value a client or provider controls can
 * forge one (it never appears in an answer: every placeholder is replaced). `JSON.stringify`
 * writes the U+0000 around it as `\u0000`.
 */
const nonce = randomBytes(12).toString('hex');
const marker = `\u0000splice:${nonce}:`;
const markerInJson = `\\u0000splice:${nonce}:`;
const markerEndInJson = '\\u0000';
/** Below this many spliced characters the answer is a string: bytes would not pay off. */
const bytesFromChars = 64 * 1024;
/** Characters that cannot stand unescaped in a JSON string (lone surrogates cannot be encoded). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON strings must escape.
const unsafeInJsonString = /["\\\u0000-\u001f\ud800-\udfff]/;
const quote = 0x22;
const backslash = 0x5c;

interface Piece {
  readonly prefix: string;
  /** The text, as a string or as its characters one byte each (ASCII base64 bytes). */
  readonly text: string | Uint8Array;
}

/** The JSON text laid out around its placeholders: `between[i]`, `order[i]`, …, `between[n]`. */
interface Layout {
  readonly between: readonly string[];
  readonly order: readonly Piece[];
  readonly splicedChars: number;
}

/**
 * Builds a JSON answer in which large strings (base64 images, `data:` URIs) are spliced in as
 * they are, instead of passing through `JSON.stringify`, which would scan and copy every
 * character of a multi-megabyte image and then be transcoded to UTF-8 once more on the socket.
 * Use `placeholder(text)` where such a string goes, then `send(reply, value)` (or `serialize`).
 *
 * Spliced text is a string, or ASCII bytes (`GeneratedImage.base64Bytes`: a view of the
 * provider's response body). `send` writes a large answer as pieces: the JSON around the
 * placeholders, and each spliced text as bytes, byte texts as the very views given (no copy at
 * all), strings copied once, one byte per character. Each piece is checked where it lies.
 * Spliced text meant for this is base64 or a base64 `data:` URI. Text with a quote, a backslash
 * or a character from U+0080 to U+00FF (a byte ≥ 0x80) is escaped by `JSON.stringify` instead, so
 * no spliced text can end its string early. Small answers are checked completely (control
 * characters and lone surrogates too); in large ones, control characters and characters above
 * U+00FF, which no base64 has, are not looked for (a scan would cost more than the copy): such
 * text comes out as garbage, like the image it claims to be.
 *
 * @example
 * const json = new SplicedJson();
 * const b64_json = json.placeholder(image.base64Bytes ?? image.base64);
 * return json.send(reply, { data: [{ b64_json }] });
 */
export class SplicedJson {
  readonly #pieces: Piece[] = [];

  /**
   * A token to put in the value where `prefix + text` belongs, as a whole string value (not part
   * of a longer string). `prefix` is short (e.g. `data:image/png;base64,`), `text` may be long:
   * a string, or ASCII bytes, which are written as they are and must not change until the answer
   * is sent.
   */
  placeholder(text: string | Uint8Array, prefix = ''): string {
    this.#pieces.push({ prefix, text });
    return `${marker}${this.#pieces.length - 1}\u0000`;
  }

  /**
   * The JSON text of `value` with every placeholder replaced by its text: a string for a small
   * answer, else one `Buffer` of its UTF-8 bytes (the pieces of `chunks` joined: a copy that
   * `send` avoids).
   */
  serialize(value: unknown): string | Buffer {
    const body = this.chunks(value);
    return typeof body === 'string' ? body : Buffer.concat(body);
  }

  /**
   * The JSON text of `value` with every placeholder replaced: a string for a small answer, else
   * its UTF-8 bytes as pieces to write in order (byte texts among them as the very views given).
   */
  chunks(value: unknown): string | Buffer[] {
    const layout = this.#layout(value);
    if (layout.order.length === 0) return layout.between[0]!;
    if (layout.splicedChars < bytesFromChars) return joined(layout, jsonSafe);
    return piecesOf(layout) ?? [Buffer.from(joined(layout, escaped), 'utf8')];
  }

  /**
   * Send `value` as the JSON answer on `reply`: a small answer as a string; a large one as a
   * stream of its pieces with its `Content-Length`, so that no buffer of the whole answer is
   * made and the image bytes go to the socket from where they already are.
   */
  send(reply: FastifyReply, value: unknown): FastifyReply {
    const body = this.chunks(value);
    reply.type('application/json; charset=utf-8');
    if (typeof body === 'string') return reply.send(body);
    let length = 0;
    for (const chunk of body) length += chunk.byteLength;
    return reply.header('content-length', length).send(readableOf(body));
  }

  #layout(value: unknown): Layout {
    const json = JSON.stringify(value);
    const between: string[] = [];
    const order: Piece[] = [];
    let splicedChars = 0;
    let last = 0;
    if (this.#pieces.length > 0) {
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
    }
    between.push(json.slice(last));
    return { between, order, splicedChars };
  }
}

/**
 * A stream of `chunks`, all pushed at once: they are in memory already, and a `Readable` keeps
 * pushed chunks as they are, piping writes them in order and pauses while the socket drains
 * (https://nodejs.org/docs/latest-v20.x/api/stream.html#buffering). The socket holds a written
 * `Buffer` until it is flushed rather than copying it, so the image bytes are not copied here.
 */
function readableOf(chunks: readonly Buffer[]): Readable {
  return new Readable({
    read() {
      for (const chunk of chunks) this.push(chunk);
      this.push(null);
    },
  });
}

function textOf(text: string | Uint8Array): string {
  return typeof text === 'string' ? text : bufferOf(text).toString('latin1');
}

/** `bytes` as a `Buffer` over the same memory (no copy). */
function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function jsonSafe(text: string): string {
  return unsafeInJsonString.test(text) ? escaped(text) : text;
}

function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function joined(layout: Layout, encode: (text: string) => string): string {
  const { between, order } = layout;
  let text = between[0]!;
  for (let index = 0; index < order.length; index++) {
    const piece = order[index]!;
    text += encode(piece.prefix) + encode(textOf(piece.text)) + between[index + 1]!;
  }
  return text;
}

/**
 * The answer's UTF-8 bytes as pieces, or `undefined` when a spliced text is not plain JSON-safe
 * ASCII. The JSON around the texts and their prefixes are encoded into one small buffer each; a
 * byte text is used as it is (a `subarray`-style view shares memory:
 * https://nodejs.org/docs/latest-v20.x/api/buffer.html#bufsubarraystart-end); a string is copied
 * one byte per character (`latin1`: a plain copy of the one-byte strings base64 text always is,
 * ~4× faster than a UTF-8 encode). Then any byte ≥ 0x80 is found by `isAscii` (SIMD) and a quote
 * or a backslash by `indexOf` (memchr), so the check costs a fraction of a copy. A character
 * above U+00FF would be written as its low byte: only in text that is not base64 to begin with,
 * and never as a quote or a backslash.
 */
function piecesOf(layout: Layout): Buffer[] | undefined {
  const { between, order } = layout;
  const chunks: Buffer[] = [];
  let pending = between[0]!;
  for (let index = 0; index < order.length; index++) {
    const { prefix, text } = order[index]!;
    const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : bufferOf(text);
    if (!jsonSafeAscii(prefix) || !jsonSafeBytes(bytes)) return undefined;
    chunks.push(Buffer.from(pending + prefix, 'utf8'), bytes);
    pending = between[index + 1]!;
  }
  chunks.push(Buffer.from(pending, 'utf8'));
  return chunks;
}

function jsonSafeAscii(text: string): boolean {
  return jsonSafeBytes(Buffer.from(text, 'latin1'));
}

function jsonSafeBytes(bytes: Buffer): boolean {
  return isAscii(bytes) && bytes.indexOf(quote) === -1 && bytes.indexOf(backslash) === -1;
}
