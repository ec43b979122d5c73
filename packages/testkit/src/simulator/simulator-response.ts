import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/** A JSON value, as a wire handler may return it for a JSON body. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/**
 * A response body:
 * - a string: sent as UTF-8 text (`text/plain; charset=utf-8` unless a content type is given);
 * - bytes: sent as they are (`application/octet-stream` unless a content type is given);
 * - an async iterable: streamed chunk by chunk, each chunk flushed as it comes (server-sent
 *   events), with backpressure, stopping when the client leaves;
 * - anything else (objects, arrays, numbers, booleans, `null`): sent as JSON
 *   (`application/json` unless a content type is given). Shapes declared with `interface` do not
 *   fit `JsonValue`; declare them with `type` instead.
 */
export type SimulatorBody = string | Uint8Array | AsyncIterable<Uint8Array | string> | JsonValue;

/** What a wire handler answers. */
export interface SimulatorResponse {
  /** HTTP status code. Default: 200. */
  readonly status?: number;
  /** Response headers. `Content-Type` and `Content-Length` are filled in when missing. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body. Default: empty. */
  readonly body?: SimulatorBody;
}

/** A response ready for the wire: status checked, headers lower-cased and completed, body encoded. */
export interface PreparedResponse {
  readonly status: number;
  /** Lower-case names; `content-type` and `content-length` filled in for fixed bodies. */
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes for a fixed body; the handler's iterable for a streamed one. */
  readonly body: Buffer | AsyncIterable<Uint8Array | string>;
}

/**
 * Checks and encodes a handler's response.
 *
 * @throws TypeError when it is not a response object or has an invalid status code.
 */
export function prepareResponse(response: SimulatorResponse): PreparedResponse {
  if (typeof response !== 'object' || response === null) {
    throw new TypeError(
      `expected a response object like { status, headers, body }, got ${String(response)}`,
    );
  }
  const status = response.status ?? 200;
  if (!(Number.isInteger(status) && status >= 100 && status <= 999)) {
    throw new TypeError(`invalid response status ${String(status)}`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  const body = response.body;
  if (isAsyncIterable(body)) return { status, headers, body };

  const { bytes, contentType } = encodeBody(body);
  if (contentType !== undefined) headers['content-type'] ??= contentType;
  if (mayHaveBody(status)) headers['content-length'] ??= String(bytes.length);
  return { status, headers, body: bytes };
}

/**
 * Sends a prepared response. Streamed bodies are flushed chunk by chunk and honour backpressure;
 * sending stops quietly when `signal` aborts (the client left or the simulator is closing).
 */
export async function sendResponse(
  outgoing: ServerResponse,
  response: PreparedResponse,
  signal: AbortSignal,
): Promise<void> {
  outgoing.writeHead(response.status, response.headers);
  if (Buffer.isBuffer(response.body)) {
    outgoing.end(response.body);
    return;
  }
  outgoing.flushHeaders();
  for await (const chunk of response.body) {
    if (!(await writeChunk(outgoing, chunk, signal))) return;
  }
  outgoing.end();
}

/**
 * Writes one chunk, waiting for the socket to drain when its buffer is full.
 *
 * @returns `false` when the client left (or the simulator closed) and writing should stop.
 */
export async function writeChunk(
  outgoing: ServerResponse,
  chunk: Uint8Array | string,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted || outgoing.destroyed) return false;
  if (outgoing.write(chunk)) return true;
  try {
    await once(outgoing, 'drain', { signal });
    return true;
  } catch {
    return false;
  }
}

/** Reads a whole body into chunks (one chunk for a fixed body), for faults that cut it. */
export async function collectChunks(body: PreparedResponse['body']): Promise<Buffer[]> {
  if (Buffer.isBuffer(body)) return [body];
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return chunks;
}

function encodeBody(body: Exclude<SimulatorBody, AsyncIterable<unknown>> | undefined): {
  bytes: Buffer;
  contentType?: string;
} {
  if (body === undefined) return { bytes: Buffer.alloc(0) };
  if (typeof body === 'string') {
    return { bytes: Buffer.from(body, 'utf8'), contentType: 'text/plain; charset=utf-8' };
  }
  if (body instanceof Uint8Array) {
    return {
      bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      contentType: 'application/octet-stream',
    };
  }
  return { bytes: Buffer.from(JSON.stringify(body), 'utf8'), contentType: 'application/json' };
}

/** 1xx, 204 and 304 responses carry no body, so no `Content-Length` either (RFC 9110 §8.6). */
function mayHaveBody(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array | string> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
