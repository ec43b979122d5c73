import { hasMarker } from './easel-error.js';
import { ProviderError, type ProviderErrorOptions } from './provider-error.js';

const marker = Symbol.for('easel.error.RateLimitError');

/** Options of `RateLimitError`. */
export interface RateLimitErrorOptions extends Omit<ProviderErrorOptions, 'retryable'> {
  /** How long the provider asked to wait, from `Retry-After` / `retry-after-ms`. */
  retryAfterMs?: number;
  /** Rate-limit headers the provider sent (`x-ratelimit-*`), verbatim. */
  limits?: Record<string, string>;
}

/**
 * The provider rejected the request because of a rate or concurrency limit (HTTP 429 or
 * equivalent). Nothing was generated or billed. Also a `ProviderError`.
 */
export class RateLimitError extends ProviderError {
  override readonly code = 'rate_limited';
  readonly retryAfterMs: number | undefined;
  readonly limits: Readonly<Record<string, string>>;
  readonly [marker] = true;

  constructor(options: RateLimitErrorOptions) {
    super({ ...options, status: options.status ?? 429, retryable: true });
    this.retryAfterMs = options.retryAfterMs;
    this.limits = options.limits ?? {};
  }

  static override isInstance(error: unknown): error is RateLimitError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), retryAfterMs: this.retryAfterMs, limits: this.limits };
  }
}
