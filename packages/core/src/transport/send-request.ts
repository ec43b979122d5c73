import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { AbortError } from '../errors/abort-error.js';
import { EaselError } from '../errors/easel-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { registerSecret } from '../errors/secret-redaction.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { createCallScope } from './call-scope.js';
import { getDefaultDispatcher } from './default-dispatcher.js';
import {
  type AttemptResponse,
  type AttemptTracker,
  dispatchAttempt,
  ResponseTooLargeError,
} from './dispatch-attempt.js';
import { encodeBody } from './http-body.js';
import {
  type HttpRequest,
  type HttpResponse,
  type HttpStreamResponse,
  sensitiveHeaderNames,
} from './http-request.js';
import { parseRetryAfter } from './retry-after.js';
import {
  isRetryableResponse,
  type RetryPolicy,
  resolveRetryPolicy,
  retryDelay,
} from './retry-policy.js';
import { sleep } from './sleep.js';
import { loadUndici } from './undici-module.js';

/** A retry that is about to happen. */
export interface RetryEvent {
  /** The attempt about to start, from 2. */
  readonly attempt: number;
  readonly delayMs: number;
  /** Why, e.g. `HTTP 503` or `ECONNREFUSED`. */
  readonly reason: string;
  readonly status?: number;
}

/** Per-request limits, ms. The connect timeout belongs to the dispatcher (default 10 s). */
export interface TransportTimeouts {
  /**
   * Waiting for response headers after the request was sent. Default 120 s (image endpoints are
   * slow). undici checks this and `bodyMs` on a coarse timer (about one second of resolution);
   * `totalMs` and the deadline are exact.
   */
  readonly headersMs?: number;
  /** Idle time between body chunks. Default 30 s. */
  readonly bodyMs?: number;
  /** The whole call, retries and their waits included. No default. */
  readonly totalMs?: number;
}

/** How to send: what the provider settings and the call options decide. */
export interface SendRequestOptions {
  /** Provider id, for errors. */
  readonly provider: string;
  /** The undici dispatcher (pooled `Agent` by default; a `MockAgent` or composed agent in tests). */
  readonly dispatcher?: Dispatcher;
  /** User-Agent header. */
  readonly userAgent?: string;
  /** Retry policy overrides, or `false` for none. */
  readonly retry?: Partial<RetryPolicy> | false;
  readonly timeouts?: TransportTimeouts;
  /** Largest response body accepted, bytes. Default 64 MiB. */
  readonly maxResponseBytes?: number;
  readonly abortSignal?: AbortSignal;
  /** Wall-clock deadline, ms since the epoch. */
  readonly deadline?: number;
  /** Told before each retry (e.g. to emit a progress event). */
  readonly onRetry?: (event: RetryEvent) => void;
}

const defaultMaxResponseBytes = 64 * 1024 * 1024;
let dispatcherBaseDispatch: Dispatcher['dispatch'] | undefined;

const preConnectionCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  const causeCode = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof causeCode === 'string' ? causeCode : undefined;
}

function describeTarget(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Whether the upstream provably did not accept the request: it never got a connection, or (on a
 * plain undici dispatcher, where `onRequestSent` is reliable) it was not completely written.
 */
function provablyNotAccepted(
  error: unknown,
  tracker: AttemptTracker,
  authoritative: boolean,
): boolean {
  const code = errorCode(error);
  if (code !== undefined && preConnectionCodes.has(code)) return true;
  if (!tracker.connected) return true;
  return authoritative && !tracker.requestSent;
}

function toEaselError(
  error: unknown,
  context: {
    provider: string;
    url: URL;
    retryable: boolean;
    timeouts: Required<Omit<TransportTimeouts, 'totalMs'>>;
  },
): EaselError {
  if (EaselError.isEaselError(error)) return error;
  const code = errorCode(error);
  const provider = context.provider;
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return new TimeoutError({ phase: 'connect', provider, cause: error });
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new TimeoutError({
      phase: 'headers',
      provider,
      timeoutMs: context.timeouts.headersMs,
      cause: error,
    });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new TimeoutError({
      phase: 'body',
      provider,
      timeoutMs: context.timeouts.bodyMs,
      cause: error,
    });
  }
  if (error instanceof ResponseTooLargeError) {
    return new ProviderError({
      provider,
      message: `response from ${describeTarget(context.url)} is larger than the ${error.limit}-byte limit`,
      providerCode: 'response_too_large',
      retryable: false,
      url: context.url.href,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  const ambiguity = context.retryable
    ? ''
    : ' (the request may have been received and billed, so it was not retried)';
  return new ProviderError({
    provider,
    message: `request to ${describeTarget(context.url)} failed: ${detail}${ambiguity}`,
    retryable: context.retryable,
    url: context.url.href,
    cause: error,
    providerCode: code,
  });
}

function buildHeaders(
  request: HttpRequest,
  options: SendRequestOptions,
  body: ReturnType<typeof encodeBody> | undefined,
) {
  const headers: Record<string, string> = {};
  if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent;
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (sensitiveHeaderNames.has(lower)) registerSecret(value);
    headers[lower] = value;
  }
  if (body !== undefined) {
    headers['content-type'] ??= body.contentType;
    headers['content-length'] = String(body.contentLength);
  }
  return headers;
}

function isIdempotent(request: HttpRequest): boolean {
  return request.idempotent ?? !(request.method === 'POST' || request.method === 'PATCH');
}

async function send(
  request: HttpRequest,
  options: SendRequestOptions,
  stream: boolean,
): Promise<{
  response: AttemptResponse;
  attempts: number;
  url: URL;
  started: number;
  dispose: () => void;
}> {
  const url = new URL(request.url);
  const policy = resolveRetryPolicy(options.retry);
  if (dispatcherBaseDispatch === undefined) {
    const { Agent } = await loadUndici();
    dispatcherBaseDispatch = (Object.getPrototypeOf(Agent.prototype) as Dispatcher).dispatch;
  }
  const dispatcher = options.dispatcher ?? getDefaultDispatcher();
  const authoritative = dispatcher.dispatch === dispatcherBaseDispatch;
  const idempotent = isIdempotent(request);
  const body = request.body === undefined ? undefined : encodeBody(request.body);
  const headers = buildHeaders(request, options, body);
  const timeouts = {
    headersMs: options.timeouts?.headersMs ?? 120_000,
    bodyMs: options.timeouts?.bodyMs ?? 30_000,
  };
  const scope = createCallScope({
    provider: options.provider,
    abortSignal: options.abortSignal,
    deadline: options.deadline,
    ...(options.timeouts?.totalMs === undefined ? {} : { timeoutMs: options.timeouts.totalMs }),
  });
  const started = Date.now();
  let attempt = 0;
  try {
    for (;;) {
      attempt++;
      const tracker: AttemptTracker = { connected: false, requestSent: false };
      let response: AttemptResponse;
      try {
        response = await dispatchAttempt({
          dispatcher,
          url,
          method: request.method,
          headers,
          payload: body?.payload,
          headersTimeoutMs: timeouts.headersMs,
          bodyTimeoutMs: timeouts.bodyMs,
          maxResponseBytes: options.maxResponseBytes ?? defaultMaxResponseBytes,
          stream,
          signal: scope.signal,
          tracker,
        });
      } catch (error) {
        if (scope.signal.aborted) throw scope.signal.reason;
        const retryable =
          !(error instanceof ResponseTooLargeError) &&
          (idempotent || provablyNotAccepted(error, tracker, authoritative));
        const failure = toEaselError(error, {
          provider: options.provider,
          url,
          retryable,
          timeouts,
        });
        const delay = retryDelay(policy, attempt, undefined);
        if (!retryable || attempt >= policy.maxAttempts || delay >= scope.remaining())
          throw failure;
        options.onRetry?.({
          attempt: attempt + 1,
          delayMs: delay,
          reason: errorCode(error) ?? failure.message,
        });
        await sleep(delay, scope.signal);
        continue;
      }
      if (
        attempt < policy.maxAttempts &&
        isRetryableResponse(policy, response.status, idempotent)
      ) {
        const retryAfter =
          parseRetryAfter(response.headers) ??
          (response.status === 429 ? policy.assumedRetryAfterMs : undefined);
        const delay = retryDelay(policy, attempt, retryAfter);
        if (
          (retryAfter === undefined || retryAfter <= policy.maxRetryAfterMs) &&
          delay < scope.remaining()
        ) {
          if (
            typeof (response.body as Readable).destroy === 'function' &&
            !Buffer.isBuffer(response.body)
          ) {
            (response.body as Readable).destroy();
          }
          options.onRetry?.({
            attempt: attempt + 1,
            delayMs: delay,
            reason: `HTTP ${response.status}`,
            status: response.status,
          });
          await sleep(delay, scope.signal);
          continue;
        }
      }
      return { response, attempts: attempt, url, started, dispose: () => scope.dispose() };
    }
  } catch (error) {
    scope.dispose();
    if (AbortError.isInstance(error) || TimeoutError.isInstance(error)) throw error;
    throw EaselError.isEaselError(error)
      ? error
      : toEaselError(error, { provider: options.provider, url, retryable: false, timeouts });
  }
}

/**
 * Send a request and buffer the response (capped at `maxResponseBytes`). Retries with full
 * jitter, honouring `Retry-After` / `retry-after-ms`, on 408/409/425/429/5xx and connection
 * failures for requests that are safe to repeat; a non-idempotent request is retried only when the
 * upstream provably did not accept it. Returns the final response whatever its status (map error
 * statuses with `providerErrorFromResponse`); throws `TimeoutError`, `AbortError` or
 * `ProviderError` when no response could be had.
 */
export async function sendRequest(
  request: HttpRequest,
  options: SendRequestOptions,
): Promise<HttpResponse> {
  const { response, attempts, url, started, dispose } = await send(request, options, false);
  dispose();
  const body = response.body as Buffer;
  return {
    status: response.status,
    headers: response.headers,
    body,
    url: url.href,
    attempts,
    durationMs: Date.now() - started,
    text: () => body.toString('utf8'),
    json: () => JSON.parse(body.toString('utf8')) as unknown,
  };
}

/**
 * Like `sendRequest`, but the body is returned as a stream once the headers arrive (for
 * server-sent events). Retries happen only before a response is accepted; the deadline and the
 * abort signal keep applying while the body is read.
 */
export async function sendStreamingRequest(
  request: HttpRequest,
  options: SendRequestOptions,
): Promise<HttpStreamResponse> {
  const { response, attempts, url, dispose } = await send(request, options, true);
  const body = response.body as Readable;
  body.once('close', dispose);
  return { status: response.status, headers: response.headers, body, url: url.href, attempts };
}

/** Read a whole streamed body (used for error statuses on a streaming request). */
export async function readStreamBody(
  response: HttpStreamResponse,
  maxBytes = 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      response.body.destroy();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
