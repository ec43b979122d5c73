import { Buffer, isAscii } from 'node:buffer';

const quote = 0x22;
const backslash = 0x5c;
const colon = 0x3a;
const plainFieldName = /^[A-Za-z_$][\w$-]*$/;
/**
 * Below this size a body is parsed whole: cutting values out pays off only for large ones, and a
 * `JSON.parse` reviver (called for every value) costs more than parsing a few kilobytes directly.
 */
const cutOutFromBytes = 16 * 1024;

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Parse a JSON body whose string values under the keys in `base64Fields` may be megabytes of
 * base64 (`b64_json`, `bytesBase64Encoded`, …). Those values are cut out of the raw bytes before
 * parsing and become strings by a plain byte copy (`latin1`, so one byte per character); only the
 * small remainder is decoded as UTF-8 and given to `JSON.parse`. That skips turning the whole
 * body into a UTF-8 string, parsing megabytes character by character, and holding the body, its
 * text and the parsed strings at once.
 *
 * The result equals `JSON.parse(body.toString('utf8'))`, with one leniency: a raw control
 * character inside a cut-out value, which strict JSON forbids, is kept rather than refused. Bodies
 * under 16 KiB are parsed whole (nothing is cut out, so no leniency either). A
 * value is cut out only when it is a plain ASCII string without escapes; when any value of those
 * keys is not, or the rest of the body holds a `\u` escape, the whole body is parsed normally.
 * Throws what `JSON.parse` throws on a malformed body.
 *
 * With `as: 'bytes'`, a cut-out value is not copied at all: it is given as a `Buffer` view of
 * `body` (its ASCII characters, one byte each), so the body stays in memory as long as a value
 * does. Values that are not cut out (small bodies, escapes) stay strings.
 */
export function parseJsonWithBase64Fields(
  body: Uint8Array,
  base64Fields: readonly string[],
  as: 'string' | 'bytes' = 'string',
): unknown {
  const bytes = Buffer.isBuffer(body)
    ? body
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.byteLength < cutOutFromBytes) return JSON.parse(bytes.toString('utf8'));
  const spans = findPlainSpans(bytes, base64Fields);
  if (spans === undefined || spans.length === 0) return JSON.parse(bytes.toString('utf8'));
  let remainder = '';
  let copied = 0;
  for (const [index, span] of spans.entries()) {
    remainder += `${bytes.toString('utf8', copied, span.start)}${index}`;
    copied = span.end;
  }
  remainder += bytes.toString('utf8', copied);
  // A key spelt with \u escapes (`"b64\u005fjson"`) escaped the scan: its value may be a string
  // that is not a placeholder, or shadow one as a repeated key. Such bodies are parsed whole.
  if (remainder.includes('\\u')) return JSON.parse(bytes.toString('utf8'));
  const fields = new Set(base64Fields);
  return JSON.parse(remainder, (key, value: unknown) => {
    if (typeof value !== 'string' || !fields.has(key)) return value;
    const span = spans[Number(value)];
    if (span === undefined) return value;
    return as === 'bytes'
      ? bytes.subarray(span.start, span.end)
      : bytes.toString('latin1', span.start, span.end);
  });
}

/**
 * Where the string values of `fields` lie in `bytes`, in order; `undefined` when one of them is
 * not a plain ASCII string without escapes, or a field name is not a plain identifier (the caller
 * then parses normally).
 */
function findPlainSpans(bytes: Buffer, fields: readonly string[]): Span[] | undefined {
  const spans: Span[] = [];
  for (const field of fields) {
    if (!plainFieldName.test(field)) return undefined;
    let nextBackslash = -2;
    const key = Buffer.from(`"${field}"`, 'latin1');
    for (let found = bytes.indexOf(key); found !== -1; found = bytes.indexOf(key, found + 1)) {
      if (isEscaped(bytes, found)) continue;
      let position = skipWhitespace(bytes, found + key.length);
      if (bytes[position] !== colon) continue;
      position = skipWhitespace(bytes, position + 1);
      if (bytes[position] !== quote) continue;
      const start = position + 1;
      const end = bytes.indexOf(quote, start);
      if (end === -1) return undefined;
      if (nextBackslash !== -1 && nextBackslash < start)
        nextBackslash = bytes.indexOf(backslash, start);
      if (nextBackslash !== -1 && nextBackslash < end) return undefined;
      if (!isAscii(bytes.subarray(start, end))) return undefined;
      spans.push({ start, end });
      found = end;
    }
  }
  return spans.sort((left, right) => left.start - right.start);
}

/** Whether the quote at `index` is escaped (preceded by an odd number of backslashes). */
function isEscaped(bytes: Buffer, index: number): boolean {
  let count = 0;
  for (let position = index - 1; position >= 0 && bytes[position] === backslash; position--) {
    count++;
  }
  return count % 2 === 1;
}

function skipWhitespace(bytes: Buffer, index: number): number {
  let position = index;
  for (;;) {
    const byte = bytes[position];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return position;
    position++;
  }
}
