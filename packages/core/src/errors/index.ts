export { AbortError } from './abort-error.js';
export {
  ContentFilteredError,
  type ContentFilteredErrorOptions,
} from './content-filtered-error.js';
export { EaselError, type EaselErrorOptions } from './easel-error.js';
export {
  describeValue,
  formatPath,
  type InputIssue,
  InvalidInputError,
  type InvalidInputErrorOptions,
} from './invalid-input-error.js';
export { MissingApiKeyError, type MissingApiKeyErrorOptions } from './missing-api-key-error.js';
export {
  isRetryableStatus,
  ProviderError,
  type ProviderErrorOptions,
} from './provider-error.js';
export { RateLimitError, type RateLimitErrorOptions } from './rate-limit-error.js';
export {
  containsSecret,
  redactedMarker,
  redactSecrets,
  registerSecret,
  sanitizeCause,
} from './secret-redaction.js';
export { TimeoutError, type TimeoutErrorOptions, type TimeoutPhase } from './timeout-error.js';
export { UnknownModelError, type UnknownModelErrorOptions } from './unknown-model-error.js';
