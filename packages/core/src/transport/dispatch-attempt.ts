import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

/** Progress of one attempt, for deciding whether a failure may be retried. */
export interface AttemptTracker {
  /** The request was handed a connection and writing began (`onConnect`). */
  connected: boolean;
  /** The request (headers and body) was written completely (`onRequestSent`). */
  requestSent: boolean;
}

/** The response of one attempt, before status handling. */
export interface AttemptResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Buffered body, or a stream when `stream` was asked for. */
  readonly body: Buffer | Readable;
}

/** Inputs of one attempt. */
export interface AttemptOptions {
  readonly dispatcher: Dispatcher;
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly payload: Uint8Array | readonly Uint8Array[] | undefined;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly stream: boolean;
  readonly signal: AbortSignal;
  readonly tracker: AttemptTracker;
}

/** The response body grew past the configured limit. */
export class ResponseTooLargeError extends Error {
  readonly code = 'EASEL_RESPONSE_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`);
  }
}

const streamAbove = 64 * 1024;

/**
 * Small payloads go out in one write. Larger ones are streamed as zero-copy slices: undici then
 * signals `onRequestSent` only after the last slice was queued behind socket backpressure, so a
 * connection lost earlier provably did not deliver the whole request (for a single buffer it
 * signals as soon as the buffer is queued, which proves nothing).
 */
function toDispatchBody(payload: AttemptOptions['payload']): Dispatcher.DispatchOptions['body'] {
  if (payload === undefined) return undefined;
  const parts = payload instanceof Uint8Array ? [payload] : payload;
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  if (total <= streamAbove) return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  const slices: Uint8Array[] = [];
  for (const part of parts) {
    for (let offset = 0; offset < part.byteLength; offset += streamAbove) {
      slices.push(part.subarray(offset, Math.min(part.byteLength, offset + streamAbove)));
    }
  }
  return Readable.from(slices, { objectMode: false });
}

function parseHeaders(raw: Buffer[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!.toString('latin1').toLowerCase();
    const value = raw[index + 1]!.toString('latin1');
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/**
 * Send one request through `dispatcher.dispatch` with a handler of our own, so that we know
 * whether the request reached a connection and was fully written. The promise rejects at once
 * when `signal` aborts, even while still connecting.
 */
export function dispatchAttempt(options: AttemptOptions): Promise<AttemptResponse> {
  const { signal, tracker } = options;
  return new Promise<AttemptResponse>((resolve, reject) => {
    let settled = false;
    let abortRequest: ((reason?: Error) => void) | undefined;
    let status = 0;
    let headers: Record<string, string> = {};
    let received = 0;
    let declaredLength: number | undefined;
    let presized: Buffer | undefined;
    const chunks: Buffer[] = [];
    let stream: Readable | undefined;
    let resumeUpstream: (() => void) | undefined;
    let completed = false;

    const fail = (error: unknown) => {
      if (stream && !stream.destroyed) stream.destroy(error as Error);
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = () => {
      const reason = signal.reason instanceof Error ? signal.reason : new Error('aborted');
      abortRequest?.(reason);
      fail(reason);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });

    const body = toDispatchBody(options.payload);

    // A body of declared length is copied into one buffer of that size as it arrives, so the
    // chunks can be freed at once and no second full-size copy is made at the end.
    const collect = (chunk: Buffer) => {
      const offset = received - chunk.byteLength;
      if (presized === undefined && chunks.length === 0 && declaredLength !== undefined) {
        if (chunk.byteLength === declaredLength) {
          chunks.push(chunk);
          return;
        }
        presized = Buffer.allocUnsafeSlow(declaredLength);
      }
      if (presized !== undefined && received <= presized.byteLength) {
        chunk.copy(presized, offset);
        return;
      }
      if (presized !== undefined) {
        chunks.push(presized.subarray(0, offset));
        presized = undefined;
      }
      chunks.push(chunk);
    };
    const collected = (): Buffer => {
      if (presized !== undefined) {
        return received === presized.byteLength ? presized : presized.subarray(0, received);
      }
      return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
    };

    const handler: Dispatcher.DispatchHandler & { onRequestSent(): void } = {
      onConnect(abort) {
        tracker.connected = true;
        abortRequest = abort;
        if (signal.aborted)
          abort(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      onRequestSent() {
        tracker.requestSent = true;
      },
      onHeaders(statusCode, rawHeaders, resume) {
        if (statusCode < 200) return true;
        status = statusCode;
        headers = parseHeaders(rawHeaders);
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxResponseBytes) {
          abortRequest?.(new ResponseTooLargeError(options.maxResponseBytes));
          return false;
        }
        if (Number.isSafeInteger(declared) && declared > 0) declaredLength = declared;
        if (options.stream) {
          resumeUpstream = resume;
          stream = new Readable({
            read() {
              const next = resumeUpstream;
              next?.();
            },
            destroy(error, callback) {
              if (error && !settled) abortRequest?.(error);
              else if (!completed)
                abortRequest?.(new Error('response stream closed by the reader'));
              callback(error);
            },
          });
          settled = true;
          signal.removeEventListener('abort', onAbort);
          signal.addEventListener('abort', () => stream?.destroy(signal.reason as Error), {
            once: true,
          });
          resolve({ status, headers, body: stream });
        }
        return true;
      },
      onData(chunk) {
        received += chunk.byteLength;
        if (received > options.maxResponseBytes) {
          abortRequest?.(new ResponseTooLargeError(options.maxResponseBytes));
          return false;
        }
        if (stream) return stream.push(chunk);
        collect(chunk);
        return true;
      },
      onComplete() {
        completed = true;
        if (stream) {
          stream.push(null);
          return;
        }
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve({ status, headers, body: collected() });
      },
      onError(error) {
        fail(error);
      },
    };

    try {
      options.dispatcher.dispatch(
        {
          origin: options.url.origin,
          path: `${options.url.pathname}${options.url.search}`,
          method: options.method as Dispatcher.HttpMethod,
          headers: options.headers,
          body,
          headersTimeout: options.headersTimeoutMs,
          bodyTimeout: options.bodyTimeoutMs,
          idempotent: false,
        },
        handler,
      );
    } catch (error) {
      fail(error);
    }
  });
}
