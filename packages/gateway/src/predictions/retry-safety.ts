import {
  ContentFilteredError,
  InvalidInputError,
  MissingApiKeyError,
  ProviderError,
  RateLimitError,
  UnknownModelError,
} from '@easel/core';
import { GatewayError } from '../http/gateway-error.js';
import { OverloadedError } from '../resilience/index.js';

/**
 * Whether an error proves that nothing was generated (or billed), so that the same request may
 * run again under the same `Idempotency-Key`: the input was refused, the gateway shed the request
 * before sending it, the provider answered 429, 503 or another 4xx, or its safety system refused
 * it and said it was not billed. A 500, a timeout or a lost connection prove nothing: the
 * generation may have run, so the key keeps pointing at the failed prediction.
 */
export function nothingWasGenerated(error: unknown): boolean {
  if (
    InvalidInputError.isInstance(error) ||
    UnknownModelError.isInstance(error) ||
    MissingApiKeyError.isInstance(error) ||
    RateLimitError.isInstance(error) ||
    OverloadedError.isInstance(error)
  ) {
    return true;
  }
  if (GatewayError.isInstance(error)) return error.status === 503 || error.status < 500;
  if (ContentFilteredError.isInstance(error)) return error.billed === false;
  if (ProviderError.isInstance(error)) {
    const status = error.status;
    return status !== undefined && ((status >= 400 && status < 500) || status === 503);
  }
  return false;
}
