import { type $ZodType, safeParse } from 'zod/v4/core';
import { ProviderError } from '../errors/provider-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { parseJsonWithBase64Fields } from './json-with-base64-fields.js';
import { parseRetryAfter } from './retry-after.js';

/** The parts of a response the helpers read. */
export interface ResponseLike {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly url: string;
  /** The raw body, when at hand (`HttpResponse` has it); lets `readJsonResponse` skip `text()`. */
  readonly body?: Uint8Array;
  text(): string;
}

/** The provider's request id: `x-request-id`, `request-id` or `x-amzn-requestid`. */
export function requestIdOf(headers: Readonly<Record<string, string>>): string | undefined {
  return headers['x-request-id'] ?? headers['request-id'] ?? headers['x-amzn-requestid'];
}

/** The `x-ratelimit-*` headers, verbatim. */
export function rateLimitHeadersOf(
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const limits: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-ratelimit-')) limits[name] = value;
  }
  return limits;
}

/** What a provider's error parser extracted from an error body. */
export interface ProviderErrorDetails {
  /** The provider's message. */
  readonly message?: string;
  /** The provider's error code or name. */
  readonly providerCode?: string;
  /** Override of the status-derived retryability. */
  readonly retryable?: boolean;
}

/**
 * The typed error for an error response: `RateLimitError` for 429 (with Retry-After and the
 * `x-ratelimit-*` headers), `ProviderError` otherwise, with the provider's message when
 * `details` has one and a body excerpt for support.
 */
export function providerErrorFromResponse(
  response: ResponseLike,
  provider: string,
  details: ProviderErrorDetails = {},
): ProviderError {
  const body = safeBodyText(response);
  const message =
    details.message ??
    (body.trim() ? body.trim().slice(0, 300) : `HTTP ${response.status} with an empty body`);
  const requestId = requestIdOf(response.headers);
  const common = {
    provider,
    message,
    status: response.status,
    url: response.url,
    responseBody: body,
    requestId,
    providerCode: details.providerCode,
  };
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers);
    return new RateLimitError({
      ...common,
      limits: rateLimitHeadersOf(response.headers),
      retryAfterMs,
    });
  }
  return new ProviderError({
    ...common,
    retryable: details.retryable,
  });
}

function safeBodyText(response: ResponseLike): string {
  try {
    return response.text();
  } catch {
    return '';
  }
}

/** Options of `readJsonResponse`. */
export interface ReadJsonResponseOptions {
  /**
   * Keys whose string values are large base64 (e.g. `['b64_json']`). Their values are cut out of
   * the raw body before parsing and copied as ASCII strings, which saves a UTF-8 decode and a
   * character-by-character parse of megabytes, and about half the memory. The parsed value is the
   * same. Needs the response's `body`; otherwise, or when a value holds escapes or non-ASCII
   * characters, the body is parsed as a whole. Default: none.
   */
  readonly base64Fields?: readonly string[];
  /**
   * How the values cut out under `base64Fields` are given: `'string'` (default), or `'bytes'`: a
   * `Buffer` view of the response body holding the base64 text as ASCII, copied nowhere (values
   * that were not cut out stay strings, so the schema must accept both, e.g.
   * `z.union([z.string(), z.instanceof(Uint8Array)])`). Hand such a value to `imageFromBase64`,
   * and the image's base64 never becomes a string unless someone asks for one.
   */
  readonly base64As?: 'string' | 'bytes';
}

/**
 * Parse a JSON response and validate it against a (minimal) schema of the fields the adapter
 * reads. A malformed or unexpected body is a non-retryable `ProviderError` (the provider did
 * the work; repeating it could bill twice).
 */
export function readJsonResponse<OUTPUT>(
  response: ResponseLike,
  schema: $ZodType<OUTPUT>,
  provider: string,
  options: ReadJsonResponseOptions = {},
): OUTPUT {
  let value: unknown;
  const base64Fields = options.base64Fields ?? [];
  const body = base64Fields.length > 0 ? response.body : undefined;
  try {
    value =
      body === undefined
        ? JSON.parse(safeBodyText(response))
        : parseJsonWithBase64Fields(body, base64Fields, options.base64As);
  } catch {
    const text = safeBodyText(response);
    throw new ProviderError({
      provider,
      status: response.status,
      message: `response is not valid JSON (${body?.byteLength ?? text.length} bytes)`,
      providerCode: 'malformed_response',
      retryable: false,
      url: response.url,
      responseBody: text,
    });
  }
  const result = safeParse(schema, value);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new ProviderError({
      provider,
      status: response.status,
      message: `unexpected response shape: ${problems}`,
      providerCode: 'unexpected_response',
      retryable: false,
      url: response.url,
      responseBody: safeBodyText(response),
    });
  }
  return result.data;
}
