import {
  AbortError,
  ContentFilteredError,
  InvalidInputError,
  MissingApiKeyError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  UnknownModelError,
} from '@easel/core';

/** What an error says about an upstream's health: count it as a failure, or ignore it. */
export type BreakerOutcome = 'failure' | 'ignore';

/**
 * Whether an error from `easel.generate` says the provider is unhealthy.
 *
 * `failure`: a `TimeoutError`; a `ProviderError` with a 5xx or 408 status, with no status (the
 * provider could not be reached: refused, reset, DNS) or with a 2xx/3xx status (an answer that
 * could not be used: malformed, truncated, missing images); any error that is not an Easel error
 * (an adapter choking on a malformed answer).
 *
 * `ignore`: the caller's or the operator's problem, or a refusal that proves the provider is up:
 * `InvalidInputError`, `UnknownModelError`, `ContentFilteredError`, `RateLimitError` (429),
 * `MissingApiKeyError`, an abort by the caller (`AbortError` or a DOM `AbortError`), and any
 * other 4xx `ProviderError` (401, 403, 404, 409, 422…): the provider answered sensibly.
 * Brands are checked with `isInstance`, so errors from another copy of `@easel/core` count too.
 */
export function breakerOutcomeOf(error: unknown): BreakerOutcome {
  if (AbortError.isInstance(error) || isDomAbort(error)) return 'ignore';
  if (
    InvalidInputError.isInstance(error) ||
    UnknownModelError.isInstance(error) ||
    ContentFilteredError.isInstance(error) ||
    MissingApiKeyError.isInstance(error) ||
    RateLimitError.isInstance(error)
  ) {
    return 'ignore';
  }
  if (TimeoutError.isInstance(error)) return 'failure';
  if (ProviderError.isInstance(error)) return providerErrorOutcome(error.status);
  return 'failure';
}

function providerErrorOutcome(status: number | undefined): BreakerOutcome {
  if (status === undefined) return 'failure';
  if (status === 408 || status >= 500) return 'failure';
  if (status >= 400) return 'ignore';
  return 'failure';
}

function isDomAbort(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AbortError'
  );
}
