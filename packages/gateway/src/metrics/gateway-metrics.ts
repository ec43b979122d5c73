import { redactSecrets } from '@easel/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../resilience/circuit-breaker.js';
import {
  type WebhookDeliveryRecord,
  webhookDeliveryOutcomes,
} from '../webhooks/webhook-delivery-record.js';

/**
 * The gateway's Prometheus metrics, on a registry of their own (never prom-client's global one,
 * so several gateways can run in one process).
 *
 * Label values must come from bounded sets, and callers must pass only canonical values: the
 * route template (`/v1/predictions/:id`), never the raw URL (it may carry ids or `?key=` tokens);
 * the provider id (`openai`); the model's canonical path (`openai/gpt-image-1`), never what the
 * client typed; the HTTP method and status code; the prediction status (`succeeded`, `failed`,
 * `canceled`); the shed reason (`queue_full`, `queue_timeout`, `breaker_open`). The metrics
 * never read labels from anywhere else (requests, errors, environment), and `render()` also
 * scrubs every secret registered with `@easel/core` as a last line of defence.
 */
export interface GatewayMetrics {
  /** The registry holding every metric below (and the default process metrics when asked). */
  readonly registry: Registry;
  /** `easel_http_requests_total{method,route,status}`: requests answered. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  /** `easel_http_request_duration_seconds{method,route}`: time to answer, seconds. */
  readonly httpRequestDuration: Histogram<'method' | 'route'>;
  /** `easel_predictions_total{provider,model,status}`: predictions finished, by final status. */
  readonly predictions: Counter<'provider' | 'model' | 'status'>;
  /** `easel_prediction_duration_seconds{provider,model}`: from creation to completion, seconds. */
  readonly predictionDuration: Histogram<'provider' | 'model'>;
  /** `easel_upstream_attempts_total{provider}`: HTTP attempts sent to providers, retries included. */
  readonly upstreamAttempts: Counter<'provider'>;
  /** `easel_upstream_retries_total{provider}`: of those, the retries. */
  readonly upstreamRetries: Counter<'provider'>;
  /** `easel_images_total{provider}`: images returned. */
  readonly images: Counter<'provider'>;
  /** `easel_image_bytes_total{provider}`: bytes of the images returned. */
  readonly imageBytes: Counter<'provider'>;
  /** `easel_queue_depth{provider}`: requests waiting in the admission queue. */
  readonly queueDepth: Gauge<'provider'>;
  /** `easel_inflight_predictions{provider}`: predictions running upstream. */
  readonly inflightPredictions: Gauge<'provider'>;
  /** `easel_breaker_state{provider}`: 0 closed, 1 half-open, 2 open (see `setBreakerState`). */
  readonly breakerState: Gauge<'provider'>;
  /** `easel_shed_total{provider,reason}`: requests refused to protect the gateway or a provider. */
  readonly shed: Counter<'provider' | 'reason'>;
  /** `easel_webhook_deliveries_total{outcome}`: webhook attempts and events by outcome. */
  readonly webhookDeliveries: Counter<'outcome'>;
  /** Set `breakerState` for `provider` from a breaker state; fits `CircuitBreakerOptions.onStateChange`. */
  setBreakerState(provider: string, state: BreakerState): void;
  /** Count a webhook record by its `outcome` only; fits `WebhookSenderOptions.onDelivery`. */
  recordWebhookDelivery(record: Pick<WebhookDeliveryRecord, 'outcome'>): void;
  /** The exposition text for `GET /metrics` and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Options of `createGatewayMetrics`. */
export interface GatewayMetricsOptions {
  /**
   * Also collect prom-client's default process and Node.js metrics (`process_*`, `nodejs_*`,
   * standard names, not prefixed) into this registry. Default false: those collectors start
   * process-wide observers that are never stopped, so turn them on once, for the serving gateway.
   */
  collectDefault?: boolean;
  /** Prefix of every gateway metric name. Default `easel_`. */
  prefix?: string;
}

/** Gauge value of each breaker state in `easel_breaker_state`. */
export const breakerStateValues: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/** Buckets of `http_request_duration_seconds`: from 5 ms to 5 min (image calls are slow). */
const httpBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Buckets of `prediction_duration_seconds`: from 0.5 s to 10 min. */
const predictionBuckets = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

/** Create the gateway's metrics on a new registry. */
export function createGatewayMetrics(options: GatewayMetricsOptions = {}): GatewayMetrics {
  const prefix = options.prefix ?? 'easel_';
  const registry = new Registry();
  const registers = [registry];
  if (options.collectDefault === true) collectDefaultMetrics({ register: registry });
  const counter = <LABEL extends string>(name: string, help: string, labelNames: LABEL[]) =>
    new Counter<LABEL>({ name: `${prefix}${name}`, help, labelNames, registers });
  const gauge = <LABEL extends string>(name: string, help: string, labelNames: LABEL[]) =>
    new Gauge<LABEL>({ name: `${prefix}${name}`, help, labelNames, registers });
  const histogram = <LABEL extends string>(
    name: string,
    help: string,
    labelNames: LABEL[],
    buckets: number[],
  ) => new Histogram<LABEL>({ name: `${prefix}${name}`, help, labelNames, buckets, registers });

  const breakerState = gauge(
    'breaker_state',
    'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
    ['provider'],
  );
  const webhookDeliveries = counter(
    'webhook_deliveries_total',
    'Webhook delivery attempts and events, by outcome.',
    ['outcome'],
  );
  for (const outcome of webhookDeliveryOutcomes) webhookDeliveries.inc({ outcome }, 0);

  return {
    registry,
    httpRequests: counter('http_requests_total', 'HTTP requests answered.', [
      'method',
      'route',
      'status',
    ]),
    httpRequestDuration: histogram(
      'http_request_duration_seconds',
      'Time to answer an HTTP request, in seconds.',
      ['method', 'route'],
      httpBuckets,
    ),
    predictions: counter('predictions_total', 'Predictions finished, by final status.', [
      'provider',
      'model',
      'status',
    ]),
    predictionDuration: histogram(
      'prediction_duration_seconds',
      'Time from creating a prediction to its completion, in seconds.',
      ['provider', 'model'],
      predictionBuckets,
    ),
    upstreamAttempts: counter(
      'upstream_attempts_total',
      'HTTP attempts sent to providers, retries included.',
      ['provider'],
    ),
    upstreamRetries: counter('upstream_retries_total', 'Retried attempts sent to providers.', [
      'provider',
    ]),
    images: counter('images_total', 'Images returned by providers.', ['provider']),
    imageBytes: counter('image_bytes_total', 'Bytes of the images returned by providers.', [
      'provider',
    ]),
    queueDepth: gauge('queue_depth', 'Requests waiting for an admission slot.', ['provider']),
    inflightPredictions: gauge('inflight_predictions', 'Predictions running upstream.', [
      'provider',
    ]),
    breakerState,
    shed: counter('shed_total', 'Requests refused to protect the gateway or a provider.', [
      'provider',
      'reason',
    ]),
    webhookDeliveries,
    setBreakerState: (provider, state) => breakerState.set({ provider }, breakerStateValues[state]),
    recordWebhookDelivery: record => webhookDeliveries.inc({ outcome: record.outcome }),
    render: async () => ({
      contentType: registry.contentType,
      body: redactSecrets(await registry.metrics()),
    }),
  };
}
