import { randomBytes } from 'node:crypto';

/** One part of a multipart/form-data body. */
export interface MultipartPart {
  /** Field name. Repeat a name to send repeated parts (e.g. `image[]`). */
  readonly name: string;
  /** Text or bytes. */
  readonly value: string | Uint8Array;
  /** File name; makes the part a file part. */
  readonly filename?: string;
  /** Content type of the part (e.g. `image/png`, or `application/json` for JSON-encoded fields). */
  readonly contentType?: string;
}

/** A text field. */
export function multipartField(name: string, value: string | number | boolean): MultipartPart {
  return { name, value: String(value) };
}

/** A file part: bytes with a file name and content type. */
export function multipartFile(
  name: string,
  bytes: Uint8Array,
  file: { filename: string; contentType: string },
): MultipartPart {
  return { name, value: bytes, filename: file.filename, contentType: file.contentType };
}

/** A JSON-encoded part with `Content-Type: application/json` (e.g. Ideogram's `color_palette`). */
export function multipartJson(name: string, value: unknown): MultipartPart {
  return { name, value: JSON.stringify(value), contentType: 'application/json' };
}

/** An encoded multipart body: chunks to write in order, never copying large parts. */
export interface EncodedMultipart {
  readonly contentType: string;
  readonly contentLength: number;
  readonly chunks: readonly Uint8Array[];
}

function escapeName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

const coalesceBelow = 64 * 1024;

/**
 * Encode parts as multipart/form-data. Small pieces (headers, text fields) are coalesced into
 * one buffer; large binary parts are passed through as they are, without a copy.
 */
export function encodeMultipart(
  parts: readonly MultipartPart[],
  boundary?: string,
): EncodedMultipart {
  const separator = boundary ?? `----easel-${randomBytes(12).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let contentLength = 0;
  const flush = () => {
    if (pendingLength === 0) return;
    chunks.push(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingLength));
    pending = [];
    pendingLength = 0;
  };
  const push = (chunk: Uint8Array) => {
    contentLength += chunk.byteLength;
    if (chunk.byteLength >= coalesceBelow) {
      flush();
      chunks.push(chunk);
      return;
    }
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pending.push(buffer);
    pendingLength += buffer.byteLength;
  };
  for (const part of parts) {
    let head = `--${separator}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"`;
    if (part.filename !== undefined) head += `; filename="${escapeName(part.filename)}"`;
    head += '\r\n';
    if (part.contentType !== undefined) head += `Content-Type: ${part.contentType}\r\n`;
    head += '\r\n';
    push(Buffer.from(head, 'utf8'));
    push(typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value);
    push(Buffer.from('\r\n', 'utf8'));
  }
  push(Buffer.from(`--${separator}--\r\n`, 'utf8'));
  flush();
  return {
    contentType: `multipart/form-data; boundary=${separator}`,
    contentLength,
    chunks,
  };
}
