import type { Dispatcher, request as undiciRequest } from 'undici';
import { EaselError } from '../errors/easel-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { registerSecret } from '../errors/secret-redaction.js';
import { TimeoutError, type TimeoutPhase } from '../errors/timeout-error.js';
import {
  addressRefusalOf,
  defaultHostResolver,
  type HostResolver,
  type UrlPolicy,
  urlRefusalReason,
} from './address-policy.js';
import { createCallScope } from './call-scope.js';
import { defaultConnectTimeoutMs } from './default-dispatcher.js';
import {
  abandonBody,
  BodyTooLargeError,
  discardBody,
  matchesMediaPrefix,
  mediaTypeOf,
  mediaTypeVerdict,
  readCappedBody,
  sniffImageType,
} from './download-body.js';
import { guardedAgent } from './guarded-agent.js';
import { loadUndici } from './undici-module.js';

/** Where a downloaded URL came from. Decides which error a refusal or a failure becomes. */
export type DownloadSource =
  /** A URL the caller gave (e.g. `input_image`): problems become `InvalidInputError` at `path`. */
  | { kind: 'input'; path: ReadonlyArray<string | number> }
  /** A URL a provider answered with: problems become `ProviderError` (or `TimeoutError`) for it. */
  | { kind: 'response'; provider: string };

/** Options of `guardedDownload`. */
export interface GuardedDownloadOptions {
  /** Where the URL came from; decides the error on refusal. */
  source: DownloadSource;
  /**
   * Largest body accepted, in bytes. Default 50 MiB. Checked against `Content-Length` before
   * reading, then counted while streaming: the request is aborted as soon as the cap is passed.
   */
  maxBytes?: number;
  /**
   * Media-type prefixes accepted. Default `['image/']`. An `image/*` body must also start with
   * PNG, JPEG, WebP or GIF magic bytes. `application/octet-stream` (or no `Content-Type`) is
   * accepted only when an `image/` prefix is allowed and the magic bytes are an allowed image type.
   */
  allowedMediaTypes?: readonly string[];
  /**
   * Headers (e.g. `authorization`) sent only when a request goes to exactly this origin
   * (scheme, host and port), checked on every redirect hop. The values are registered as secrets.
   */
  credentials?: { origin: string; headers: Readonly<Record<string, string>> };
  /**
   * Origins (`http://127.0.0.1:4010`: that scheme, host and port only) or bare host names
   * (`localhost`: any port) exempt from the address and name checks, from the port rule, and
   * allowed over plain http. Odd IP notation and userinfo are refused even here. IPv6 host names
   * are written in brackets (`[::1]`). For tests and the offline sandbox. Default: none.
   */
  allowlist?: readonly string[];
  /**
   * Ports accepted for https URLs outside the allowlist. Default `[443]`: provider result URLs and
   * image hosts use the default port, and refusing the rest stops port probing of public hosts.
   * Everything outside the allowlist must be https.
   */
  httpsPorts?: readonly number[];
  /**
   * DNS resolver, used before connecting and again by the guarded agent at connect time. Agents
   * are pooled per resolver function, so pass a long-lived one. Default: `dns.lookup` with
   * `{ all: true, verbatim: true }`.
   */
  resolve?: HostResolver;
  /** Redirects (301, 302, 303, 307, 308) followed, each hop re-validated. Default 3. */
  maxRedirects?: number;
  /**
   * Custom undici dispatcher (e.g. a `MockAgent` in tests). With it, addresses cannot be pinned at
   * connect time: only the checks made before connecting apply (scheme, userinfo, notation, names,
   * one resolution of the host), so a rebinding DNS answer is not caught. Default: a pooled
   * guarded agent (see `guardedAgent`) that re-checks the addresses it connects to.
   */
  dispatcher?: Dispatcher;
  /** Cancels the download; it then fails with `AbortError`. */
  abortSignal?: AbortSignal;
  /** Wall-clock deadline for the whole download, redirects included, in ms since the epoch. */
  deadline?: number;
  /** Per-request limits, in ms. */
  timeouts?: {
    /** Wait for the response headers of each hop. Default 30 000. */
    headersMs?: number;
    /** Longest pause between two body chunks. Default 30 000. */
    bodyMs?: number;
    /** Lookup plus TCP/TLS connect, applied by the guarded agent (not a custom dispatcher). Default 10 000. */
    connectMs?: number;
  };
  /** Sent as `User-Agent`. Default: none. */
  userAgent?: string;
}

/** What `guardedDownload` returns. */
export interface GuardedDownloadResult {
  /** The body. */
  bytes: Uint8Array;
  /** Media type without parameters; the sniffed one (`image/png`) when the magic bytes were checked. */
  mediaType: string;
  /** Final URL after redirects. */
  url: string;
  /** Response headers of the final hop, lower-case names, repeated headers joined with `, `. */
  headers: Record<string, string>;
}

/** Default for `GuardedDownloadOptions.maxBytes`: 50 MiB. */
export const defaultMaxDownloadBytes = 50 * 1024 * 1024;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const timeoutPhases: Readonly<Record<string, TimeoutPhase>> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'headers',
  UND_ERR_BODY_TIMEOUT: 'body',
};

interface DownloadContext extends UrlPolicy {
  readonly source: DownloadSource;
  readonly maxBytes: number;
  readonly allowedMediaTypes: readonly string[];
  readonly credentials: { origin: string; headers: Readonly<Record<string, string>> } | undefined;
  readonly maxRedirects: number;
  readonly dispatcher: Dispatcher;
  readonly headersMs: number;
  readonly bodyMs: number;
  readonly connectMs: number;
  readonly userAgent: string | undefined;
}

/**
 * Download a URL that came from a provider response or from user input, refusing SSRF targets:
 * only https (http for allowlisted origins), no userinfo, no odd IP notation, no blocked address
 * (see `classifyAddress`) whether written literally or resolved, no blocked host name (see
 * `classifyHostname`); redirects are followed by hand and every hop is re-validated; the
 * connection is made by a guarded agent that re-resolves and re-checks the addresses it connects
 * to. The body is capped at `maxBytes` while it streams and must have an allowed media type.
 *
 * Failures: refusals and HTTP errors become `InvalidInputError` (input URLs) or `ProviderError`
 * (response URLs: `providerCode` `unsafe_url`, `too_many_redirects`, `download_too_large`,
 * `unexpected_media_type` or `download_failed`); limits become `TimeoutError`, cancellation
 * `AbortError`. Messages show the URL's origin and path only, never its query or credentials.
 */
export async function guardedDownload(
  url: string,
  options: GuardedDownloadOptions,
): Promise<GuardedDownloadResult> {
  const { request } = await loadUndici();
  const context = downloadContext(options);
  const scope = createCallScope({
    abortSignal: options.abortSignal,
    deadline: options.deadline,
    provider: options.source.kind === 'response' ? options.source.provider : undefined,
  });
  const progress = { display: displayText(url) };
  try {
    return await download(url, context, scope.signal, progress, request);
  } catch (error) {
    throw translateFailure(error, context, scope.signal, progress.display);
  } finally {
    scope.dispose();
  }
}

async function download(
  text: string,
  context: DownloadContext,
  signal: AbortSignal,
  progress: { display: string },
  request: typeof undiciRequest,
): Promise<GuardedDownloadResult> {
  signal.throwIfAborted();
  let url = await checkTarget(text, undefined, context, signal, progress);
  for (let redirects = 0; ; redirects += 1) {
    const response = await request(url, {
      method: 'GET',
      headers: requestHeaders(url, context),
      dispatcher: context.dispatcher,
      signal,
      headersTimeout: context.headersMs,
      bodyTimeout: context.bodyMs,
    });
    const location = redirectStatuses.has(response.statusCode)
      ? headerValue(response.headers.location)
      : undefined;
    if (location === undefined) return await readResponse(response, url, context, progress.display);
    await discardBody(response.body, signal);
    if (redirects >= context.maxRedirects) {
      const reason = `more than ${context.maxRedirects} redirects`;
      throw refusal(context, progress.display, reason, 'too_many_redirects');
    }
    url = await checkTarget(location, url, context, signal, progress);
  }
}

async function checkTarget(
  text: string,
  base: URL | undefined,
  context: DownloadContext,
  signal: AbortSignal,
  progress: { display: string },
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    progress.display = displayText(text);
    throw refusal(context, progress.display, 'not a valid URL');
  }
  progress.display = displayUrl(url);
  const reason = await raceAbort(urlRefusalReason(text, url, base, context), signal);
  if (reason !== undefined) throw refusal(context, progress.display, reason);
  return url;
}

function requestHeaders(url: URL, context: DownloadContext): Record<string, string> {
  const accept = context.allowedMediaTypes.map(prefix =>
    prefix.endsWith('/') ? `${prefix}*` : prefix,
  );
  const headers: Record<string, string> = {
    accept: accept.join(', '),
    'accept-encoding': 'identity',
  };
  if (context.userAgent !== undefined) headers['user-agent'] = context.userAgent;
  if (context.credentials !== undefined && url.origin === context.credentials.origin) {
    Object.assign(headers, context.credentials.headers);
  }
  return headers;
}

async function readResponse(
  response: Dispatcher.ResponseData,
  url: URL,
  context: DownloadContext,
  display: string,
): Promise<GuardedDownloadResult> {
  const { statusCode, headers, body } = response;
  if (statusCode < 200 || statusCode > 299) {
    await discardBody(body);
    throw httpFailure(context, display, statusCode);
  }
  const declaredLength = Number(headerValue(headers['content-length']) ?? Number.NaN);
  if (declaredLength > context.maxBytes) {
    abandonBody(body);
    const reason = `body of ${declaredLength} bytes exceeds the limit of ${context.maxBytes} bytes`;
    throw refusal(context, display, reason, 'download_too_large');
  }
  const declaredType = mediaTypeOf(headerValue(headers['content-type']));
  const check = mediaTypeVerdict(declaredType, context.allowedMediaTypes);
  if (check === 'refuse') {
    abandonBody(body);
    const reason = `unexpected media type ${declaredType === '' ? '(none)' : declaredType}`;
    throw refusal(context, display, reason, 'unexpected_media_type');
  }
  let sniffedType: string | undefined;
  const inspect = (head: Uint8Array): void => {
    sniffedType = sniffImageType(head);
    if (sniffedType === undefined || !matchesMediaPrefix(sniffedType, context.allowedMediaTypes)) {
      const reason = `body is not an accepted image (declared ${declaredType || 'no media type'})`;
      throw refusal(context, display, reason, 'unexpected_media_type');
    }
  };
  let bytes: Uint8Array;
  try {
    bytes = await readCappedBody(body, context.maxBytes, check === 'sniff' ? inspect : undefined);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    throw refusal(context, display, error.message, 'download_too_large');
  }
  return {
    bytes,
    mediaType: sniffedType ?? declaredType,
    url: url.href,
    headers: flattenHeaders(headers),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function downloadContext(options: GuardedDownloadOptions): DownloadContext {
  const allowedOrigins = new Set<string>();
  const allowedHostnames = new Set<string>();
  for (const entry of options.allowlist ?? []) {
    if (entry.includes('://')) {
      allowedOrigins.add(originOf(entry, 'allowlist'));
      continue;
    }
    const url = new URL(`http://${entry}`);
    if (url.port !== '' || url.pathname !== '/') {
      throw new TypeError(`allowlist entry "${entry}" must be an origin or a bare host name`);
    }
    allowedHostnames.add(url.hostname);
  }
  const resolve = options.resolve ?? defaultHostResolver;
  const connectMs = options.timeouts?.connectMs ?? defaultConnectTimeoutMs;
  const credentials = options.credentials && {
    origin: originOf(options.credentials.origin, 'credentials.origin'),
    headers: options.credentials.headers,
  };
  for (const value of Object.values(credentials?.headers ?? {})) registerSecret(value);
  const dispatcher =
    options.dispatcher ??
    guardedAgent({
      resolve,
      exemptHostnames: [...allowedHostnames].map(name => name.replace(/^\[|\]$/g, '')),
      exemptOrigins: [...allowedOrigins],
      connectTimeoutMs: connectMs,
    });
  return {
    source: options.source,
    maxBytes: options.maxBytes ?? defaultMaxDownloadBytes,
    allowedMediaTypes: options.allowedMediaTypes ?? ['image/'],
    credentials,
    allowedOrigins,
    allowedHostnames,
    httpsPorts: options.httpsPorts ?? [443],
    resolve,
    maxRedirects: options.maxRedirects ?? 3,
    dispatcher,
    headersMs: options.timeouts?.headersMs ?? 30_000,
    bodyMs: options.timeouts?.bodyMs ?? 30_000,
    connectMs,
    userAgent: options.userAgent,
  };
}

function originOf(text: string, option: string): string {
  const origin = URL.canParse(text) ? new URL(text).origin : 'null';
  if (origin === 'null') throw new TypeError(`${option}: "${text}" is not an http(s) origin`);
  return origin;
}

/** The scope's signal aborts with an `AbortError` or a `TimeoutError`, which undici rethrows as is. */
function translateFailure(
  error: unknown,
  context: DownloadContext,
  signal: AbortSignal,
  display: string,
): EaselError {
  if (EaselError.isEaselError(error)) return error;
  if (signal.aborted && EaselError.isEaselError(signal.reason)) return signal.reason;
  const provider = context.source.kind === 'response' ? context.source.provider : undefined;
  const refused = addressRefusalOf(error);
  if (refused !== undefined) return refusal(context, display, refused.reason);
  const code = (error as { code?: unknown } | null)?.code;
  const phase = typeof code === 'string' ? timeoutPhases[code] : undefined;
  if (phase !== undefined) {
    const timeoutMs =
      phase === 'connect'
        ? context.connectMs
        : phase === 'headers'
          ? context.headersMs
          : context.bodyMs;
    return new TimeoutError({ phase, timeoutMs, provider, cause: error });
  }
  const detail = typeof code === 'string' ? code : 'network error';
  return sourceError(context, display, {
    verb: 'failed',
    reason: detail,
    providerCode: 'download_failed',
    retryable: true,
    cause: error,
  });
}

interface SourceErrorDetails {
  readonly verb: 'refused' | 'failed';
  readonly reason: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly providerCode?: string;
  readonly cause?: unknown;
}

/** Input URLs fail as the caller's input; response URLs as the provider's answer. */
function sourceError(
  context: DownloadContext,
  display: string,
  details: SourceErrorDetails,
): EaselError {
  const { verb, reason, cause } = details;
  if (context.source.kind === 'input') {
    const message = verb === 'refused' ? `URL refused: ${reason}` : `download failed: ${reason}`;
    const issue = { path: context.source.path, message, received: display };
    return new InvalidInputError({ issues: [issue], cause });
  }
  return new ProviderError({
    provider: context.source.provider,
    message: `download of ${display} ${verb}: ${reason}`,
    status: details.status,
    providerCode: details.providerCode,
    retryable: details.retryable,
    url: display,
    cause,
  });
}

function refusal(
  context: DownloadContext,
  display: string,
  reason: string,
  providerCode = 'unsafe_url',
): EaselError {
  return sourceError(context, display, { verb: 'refused', reason, providerCode, retryable: false });
}

function httpFailure(context: DownloadContext, display: string, status: number): EaselError {
  const retryable = status === 408 || status === 429 || status >= 500;
  return sourceError(context, display, {
    verb: 'failed',
    reason: `HTTP ${status}`,
    status,
    retryable,
  });
}

/** Origin and path of a URL: no userinfo, no query (providers sign URLs there), no fragment. */
function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.search = '';
  copy.hash = '';
  return copy.href;
}

function displayText(text: string): string {
  const withoutQuery = text.split(/[?#]/)[0] ?? '';
  const withoutUserinfo = withoutQuery.replace(/\/\/.*@/, '//');
  return withoutUserinfo.length > 100 ? `${withoutUserinfo.slice(0, 100)}…` : withoutUserinfo;
}
