import type { WebhookEvent } from './webhook-event.js';

/**
 * What became of one attempt or one event, a bounded set usable as a metric label:
 * - `delivered`: the receiver answered 2xx;
 * - `retrying`: the attempt failed (connection error, timeout, 408, 429, 5xx) and another follows;
 * - `failed`: given up: another status (4xx, 3xx), or the last attempt failed;
 * - `refused`: the URL or an address it resolves to is not allowed (SSRF guard); never connected;
 * - `superseded`: a newer event of the same prediction replaced this undelivered one;
 * - `dropped`: not delivered because the sender was closed or its queue was full.
 */
export type WebhookDeliveryOutcome =
  | 'delivered'
  | 'retrying'
  | 'failed'
  | 'refused'
  | 'superseded'
  | 'dropped';

/** Every `WebhookDeliveryOutcome`, e.g. to pre-create metric series. */
export const webhookDeliveryOutcomes: readonly WebhookDeliveryOutcome[] = [
  'delivered',
  'retrying',
  'failed',
  'refused',
  'superseded',
  'dropped',
];

/** Reported through `onDelivery` for every attempt and every event that ends without one. */
export interface WebhookDeliveryRecord {
  readonly predictionId: string;
  readonly type: WebhookEvent['type'];
  /** The `webhook-id` header: the same for every attempt of one event. */
  readonly webhookId: string;
  /** Attempt number from 1; 0 when the event ended before any attempt (refused by URL, superseded, dropped). */
  readonly attempt: number;
  readonly outcome: WebhookDeliveryOutcome;
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  /** Why it failed, was refused or dropped: `HTTP 503`, `timeout`, `ECONNREFUSED`, the SSRF rule… */
  readonly reason?: string;
  /** For `retrying`: the wait before the next attempt, ms. */
  readonly delayMs?: number;
  /** Duration of the attempt, ms. */
  readonly durationMs?: number;
  /** Scheme, host and port of the URL. Path and query are left out: they may carry tokens. */
  readonly origin?: string;
}
