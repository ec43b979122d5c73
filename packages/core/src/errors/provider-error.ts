import { EaselError, type EaselErrorOptions, hasMarker, safeText } from './easel-error.js';

const marker = Symbol.for('easel.error.ProviderError');

/** Options of `ProviderError`. */
export interface ProviderErrorOptions extends EaselErrorOptions {
  /** Provider id, e.g. `openai`. */
  provider: string;
  /** Human-readable message, usually the provider's own. */
  message: string;
  /** HTTP status, when the provider answered. */
  status?: number;
  /** The provider's error code or name, e.g. `invalid_size`. */
  providerCode?: string;
  /** The provider's request id (`x-request-id` and similar), for support tickets. */
  requestId?: string;
  /** Whether trying again may succeed. Defaults from the status: 408, 409, 429 and 5xx. */
  retryable?: boolean;
  /** A short excerpt of the response body (at most 2 KiB, secrets removed). */
  responseBody?: string;
  /** The request URL without its query string. */
  url?: string;
}

/** Statuses that are worth retrying (given a retry-safe request). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const maximumBodyExcerpt = 2048;

/**
 * The provider refused or failed the request, or could not be reached. `retryable` says whether
 * a later attempt may succeed; whether Easel retries also depends on whether the request could
 * have been billed (see the transport's retry policy).
 */
export class ProviderError extends EaselError {
  readonly code: string = 'provider_error';
  readonly provider: string;
  readonly status: number | undefined;
  readonly providerCode: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly responseBody: string | undefined;
  readonly url: string | undefined;
  readonly [marker] = true;

  constructor(options: ProviderErrorOptions) {
    const status = options.status === undefined ? '' : ` (HTTP ${options.status})`;
    super(`${options.provider}${status}: ${options.message}`, options);
    this.provider = options.provider;
    this.status = options.status;
    this.providerCode = options.providerCode;
    this.requestId = options.requestId;
    this.retryable =
      options.retryable ??
      (options.status === undefined ? false : isRetryableStatus(options.status));
    const body = options.responseBody;
    this.responseBody = safeText(
      body !== undefined && body.length > maximumBodyExcerpt
        ? `${body.slice(0, maximumBodyExcerpt)}…`
        : body,
    );
    this.url = options.url === undefined ? undefined : stripQuery(options.url);
  }

  static isInstance(error: unknown): error is ProviderError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return {
      provider: this.provider,
      status: this.status,
      providerCode: this.providerCode,
      requestId: this.requestId,
      retryable: this.retryable,
      url: this.url,
    };
  }
}

function stripQuery(url: string): string {
  const index = url.search(/[?#]/);
  return index === -1 ? url : url.slice(0, index);
}
