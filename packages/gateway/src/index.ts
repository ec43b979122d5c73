export {
  type AdmissionLease,
  defaultProviderConcurrency,
  defaultProviderMaxQueue,
  ProviderAdmission,
  type ProviderAdmissionOptions,
  type ProviderLimits,
} from './admission/provider-admission.js';
export { createGateway } from './create-gateway.js';
export { GatewayConfigError, type GatewayConfigErrorOptions } from './gateway-config-error.js';
export type { GatewayHub } from './gateway-hub.js';
export {
  defaultBodyBytes,
  defaultFileTtlMs,
  defaultGraceMs,
  defaultPredictionTtlMs,
  defaultWaitMs,
  type Gateway,
  type GatewayLimits,
  type GatewayOptions,
  predictionDeadlineMs,
} from './gateway-options.js';
export { gatewayOptionsFromEnv } from './gateway-options-from-env.js';
export { GatewayError, type GatewayErrorOptions } from './http/gateway-error.js';
export { redactedLogPaths } from './http/gateway-logger.js';
export { type Preferences, parsePrefer } from './http/prefer-header.js';
export * from './metrics/index.js';
export type { ModelJson } from './models/models-routes.js';
export type {
  PredictionFailure,
  PredictionImage,
  PredictionRecord,
  PredictionStatus,
  WebhookEvent as PredictionWebhookEvent,
} from './predictions/prediction-record.js';
export type { PredictionImageJson, PredictionJson } from './predictions/prediction-view.js';
export * from './resilience/index.js';
export * from './store/index.js';
export { VERSION } from './version.js';
export * from './webhooks/index.js';
