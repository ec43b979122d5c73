import type { HttpBody } from './http-body.js';

/** An HTTP method. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request an adapter asks the transport to send. */
export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** Headers; `undefined` values are dropped. Sensitive ones are registered as secrets. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: HttpBody;
  /**
   * Whether sending it twice is harmless. Defaults: GET, HEAD, PUT, DELETE yes; POST, PATCH no.
   * A non-idempotent request is retried only when the upstream provably did not accept it.
   */
  readonly idempotent?: boolean;
}

/** A buffered response. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The request URL. */
  readonly url: string;
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** From the first byte sent to the last byte received, retries included, ms. */
  readonly durationMs: number;
  text(): string;
  json(): unknown;
}

/** A response whose body is read as it arrives (server-sent events). */
export interface HttpStreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body; iterate it or destroy it, never leave it unread. */
  readonly body: AsyncIterable<Buffer> & { destroy(error?: Error): void };
  readonly url: string;
  readonly attempts: number;
}

/** Header names whose values are credentials. */
export const sensitiveHeaderNames: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-key',
  'x-goog-api-key',
  'cookie',
]);
