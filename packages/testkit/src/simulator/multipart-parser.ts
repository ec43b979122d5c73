/** One part of a `multipart/form-data` body, as sent by the client. */
export interface MultipartPart {
  /** The field name, from `Content-Disposition: form-data; name="…"`. */
  readonly name: string;
  /** The file name, when the part is a file (`filename="…"`, or `filename*=UTF-8''…`, which wins). */
  readonly filename?: string;
  /** The part's own `Content-Type`, when it sent one (e.g. `image/png`, `application/json`). */
  readonly contentType?: string;
  /** The part's headers; lower-case names, repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The part's bytes, untouched (a view into the request body, not a copy). */
  readonly data: Buffer;
  /** The part's bytes decoded as UTF-8. */
  text(): string;
}

const crlf = Buffer.from('\r\n');
const blankLine = Buffer.from('\r\n\r\n');
const dash = 0x2d;
const space = 0x20;
const tab = 0x09;

/**
 * Parses a `multipart/form-data` body (RFC 7578) into its parts, in the order sent, repeated names
 * included (e.g. several `image[]` parts). Works on bytes, so binary parts stay intact.
 *
 * Strict on purpose: line breaks must be CRLF and every part needs a `Content-Disposition` with a
 * `name`, so a client that builds a broken body fails here instead of passing a lenient test.
 *
 * @param body The raw request body.
 * @param contentType The request's `Content-Type`, e.g. `multipart/form-data; boundary="abc"`.
 * @throws Error naming what is wrong (not multipart, no boundary, unterminated part, …).
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = readBoundary(contentType);
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  const startsWithDelimiter = body.subarray(0, delimiter.length).equals(delimiter);
  const afterPreamble = startsWithDelimiter ? 0 : body.indexOf(separator);
  if (afterPreamble === -1) {
    throw new Error(`parseMultipart: the body does not contain the boundary "${boundary}"`);
  }

  const parts: MultipartPart[] = [];
  let position = startsWithDelimiter ? delimiter.length : afterPreamble + separator.length;
  for (;;) {
    if (body[position] === dash && body[position + 1] === dash) return parts;
    while (body[position] === space || body[position] === tab) position += 1;
    if (!body.subarray(position, position + crlf.length).equals(crlf)) {
      throw new Error(
        `parseMultipart: expected CRLF after boundary ${parts.length + 1} (at byte ${position})`,
      );
    }
    position += crlf.length;

    const partNumber = parts.length + 1;
    const headerEnd = body.indexOf(blankLine, position);
    const nextSeparator = body.indexOf(separator, position);
    if (headerEnd === -1 || (nextSeparator !== -1 && headerEnd > nextSeparator)) {
      throw new Error(`parseMultipart: part ${partNumber} has no blank line after its headers`);
    }
    const dataStart = headerEnd + blankLine.length;
    const dataEnd = body.indexOf(separator, dataStart);
    if (dataEnd === -1) {
      throw new Error(`parseMultipart: part ${partNumber} is not followed by a boundary`);
    }
    const headers = parseHeaders(body.subarray(position, headerEnd).toString('utf8'), partNumber);
    parts.push(createPart(headers, body.subarray(dataStart, dataEnd), partNumber));
    position = dataEnd + separator.length;
  }
}

function readBoundary(contentType: string): string {
  const mediaType = contentType.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'multipart/form-data') {
    throw new Error(
      `parseMultipart: expected content-type multipart/form-data, got ${JSON.stringify(contentType)}`,
    );
  }
  const match = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1]?.replace(/\\(.)/g, '$1') ?? match?.[2];
  if (!boundary) {
    throw new Error(
      `parseMultipart: content-type has no boundary parameter: ${JSON.stringify(contentType)}`,
    );
  }
  return boundary;
}

function parseHeaders(block: string, partNumber: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new Error(`parseMultipart: part ${partNumber} has a malformed header line: ${line}`);
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  }
  return headers;
}

function createPart(
  headers: Record<string, string>,
  data: Buffer,
  partNumber: number,
): MultipartPart {
  const disposition = headers['content-disposition'];
  if (disposition === undefined) {
    throw new Error(`parseMultipart: part ${partNumber} has no Content-Disposition header`);
  }
  const [type = '', ...rest] = disposition.split(';');
  if (type.trim().toLowerCase() !== 'form-data') {
    throw new Error(
      `parseMultipart: part ${partNumber} has Content-Disposition "${disposition}", expected form-data`,
    );
  }
  const parameters = parseParameters(rest.length === 0 ? '' : `;${rest.join(';')}`);
  const name = parameters.get('name');
  if (name === undefined) {
    throw new Error(`parseMultipart: part ${partNumber} has no name in its Content-Disposition`);
  }
  const extendedFilename = parameters.get('filename*');
  const filename =
    extendedFilename === undefined
      ? parameters.get('filename')
      : decodeExtendedValue(extendedFilename);
  const contentType = headers['content-type'];
  return {
    name,
    ...(filename === undefined ? {} : { filename }),
    ...(contentType === undefined ? {} : { contentType }),
    headers,
    data,
    text: () => data.toString('utf8'),
  };
}

function parseParameters(text: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const pattern = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of text.matchAll(pattern)) {
    const key = match[1]?.toLowerCase();
    const value = match[2]?.replace(/\\(.)/g, '$1') ?? match[3]?.trim();
    if (key !== undefined && value !== undefined) parameters.set(key, value);
  }
  return parameters;
}

/** RFC 8187 `charset'language'percent-encoded`; browsers and undici only send UTF-8. */
function decodeExtendedValue(value: string): string {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (match === null) return value;
  try {
    return decodeURIComponent(match[2] ?? '');
  } catch {
    return match[2] ?? '';
  }
}
