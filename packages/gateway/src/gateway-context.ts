import type { Logger } from 'pino';
import type { ProviderAdmission } from './admission/provider-admission.js';
import type { FileRepository } from './files/file-repository.js';
import type { GatewayHub } from './gateway-hub.js';
import type { GenerationMetrics } from './observability/generation-metrics.js';
import type { IdempotencyKeys } from './predictions/idempotency.js';
import type { PredictionRepository } from './predictions/prediction-repository.js';
import type { PredictionRunner } from './predictions/prediction-runner.js';
import type { TrustedWebhookHosts } from './webhooks/index.js';

/** Settings the routes read, with defaults applied. */
export interface GatewaySettings {
  /** Provider ids served by a local simulator. */
  readonly sandboxProviders: ReadonlySet<string>;
  /** Base of links in answers; `undefined`: from each request. */
  readonly publicUrl: string | undefined;
  /** Largest request body, bytes. */
  readonly bodyBytes: number;
  /** Wait of a prediction request without `Prefer: wait=N`, ms. */
  readonly defaultWaitMs: number;
  /** Longest wait `Prefer: wait=N` can ask for, ms. */
  readonly maxWaitMs: number;
  /** Hosts webhooks may reach over http or on private addresses. */
  readonly trustedWebhookHosts: TrustedWebhookHosts;
}

/** Everything the routes share. */
export interface GatewayContext {
  readonly easel: GatewayHub;
  readonly settings: GatewaySettings;
  readonly predictions: PredictionRepository;
  readonly files: FileRepository;
  readonly runner: PredictionRunner;
  readonly idempotency: IdempotencyKeys;
  readonly admission: ProviderAdmission;
  readonly generationMetrics: GenerationMetrics;
  readonly logger: Logger;
}
