import { parseRetryAfter } from '@easel/core';
import { type Dispatcher, request } from 'undici';

/** What one POST of a webhook came to. */
export type WebhookAttemptResult =
  | { readonly kind: 'delivered'; readonly status: number }
  | {
      readonly kind: 'failed';
      readonly retryable: boolean;
      readonly reason: string;
      readonly status?: number;
      readonly retryAfterMs?: number;
    }
  /** The guarded agent refused the address at connect time: nothing was connected to. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** The sender was closed during the attempt. */
  | { readonly kind: 'aborted' };

/** One POST: where, what, and within which limits. */
export interface WebhookAttemptOptions {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  /** Aborts the attempt (the sender closing). */
  readonly signal: AbortSignal;
  readonly now: () => number;
}

/** Response bytes read (and discarded) so the connection can be reused. */
const maxDiscardedBytes = 64 * 1024;
const addressRefusedCode = 'EASEL_ADDRESS_REFUSED';

/**
 * POST one signed webhook and classify the answer: 2xx delivered; 408, 429 and 5xx retryable
 * (with their `Retry-After`); any other status final (redirects are not followed); connection
 * errors and timeouts retryable; an address refusal by the SSRF guard final.
 */
export async function attemptWebhook(
  options: WebhookAttemptOptions,
): Promise<WebhookAttemptResult> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  try {
    const response = await request(options.url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      dispatcher: options.dispatcher,
      signal: AbortSignal.any([timeout.signal, options.signal]),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    await response.body.dump({ limit: maxDiscardedBytes }).catch(() => undefined);
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { kind: 'delivered', status };
    const retryable = status === 408 || status === 429 || status >= 500;
    const retryAfterMs = retryable
      ? parseRetryAfter(flatten(response.headers), options.now())
      : undefined;
    return {
      kind: 'failed',
      retryable,
      status,
      reason: `HTTP ${status}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  } catch (error) {
    const refusal = addressRefusal(error);
    if (refusal !== undefined) return { kind: 'refused', reason: refusal };
    if (options.signal.aborted) return { kind: 'aborted' };
    if (timeout.signal.aborted || isTimeoutCode(error)) {
      return { kind: 'failed', retryable: true, reason: 'timeout' };
    }
    return { kind: 'failed', retryable: true, reason: errorCode(error) ?? 'connection failed' };
  } finally {
    clearTimeout(timer);
  }
}

function flatten(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function addressRefusal(error: unknown): string | undefined {
  for (const candidate of [error, (error as { cause?: unknown } | null | undefined)?.cause]) {
    const refused = candidate as { code?: unknown; reason?: unknown } | null | undefined;
    if (refused?.code === addressRefusedCode) {
      return typeof refused.reason === 'string' ? refused.reason : 'address refused';
    }
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  for (const candidate of [error, (error as { cause?: unknown } | null | undefined)?.cause]) {
    const code = (candidate as { code?: unknown } | null | undefined)?.code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function isTimeoutCode(error: unknown): boolean {
  const code = errorCode(error);
  return (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  );
}
