import type { GenerateResult } from '@easel/core';
import type { GenerationMetrics } from '../observability/generation-metrics.js';
import type { WebhookSender } from '../webhooks/index.js';
import type { PredictionObserver } from './prediction-observer.js';
import type { PredictionRecord, WebhookEvent } from './prediction-record.js';
import { predictionView } from './prediction-view.js';

/** Options of `predictionNotifications`. */
export interface PredictionNotificationsOptions {
  readonly webhooks: WebhookSender;
  readonly metrics: GenerationMetrics;
  /** Base of links in webhook bodies; else the creating request's. */
  readonly publicUrl: string | undefined;
}

/**
 * The observer that turns prediction events into webhooks (the events the request's
 * `webhook_events_filter` asks for; the body is the prediction object, as Replicate sends it,
 * with file URLs, never image data) and metrics.
 */
export function predictionNotifications(
  options: PredictionNotificationsOptions,
): PredictionObserver {
  const send = (record: PredictionRecord, type: WebhookEvent) => {
    const webhook = record.webhook;
    if (webhook === undefined || !webhook.events.includes(type)) return;
    const view = predictionView(record, {
      baseUrl: options.publicUrl ?? record.baseUrl,
      now: Date.now(),
    });
    options.webhooks.send({
      predictionId: record.id,
      type,
      url: webhook.url,
      body: JSON.stringify(view),
    });
  };
  return {
    started(record) {
      options.metrics.started(record.provider);
      send(record, 'start');
    },
    progressed(record, event) {
      options.metrics.progressed(record.provider, event);
    },
    logged(record) {
      send(record, 'logs');
    },
    completed(record, result?: GenerateResult) {
      if (record.status !== 'processing' && record.status !== 'starting') {
        options.metrics.finished({
          provider: record.provider,
          model: record.model,
          status: record.status,
          durationMs: (record.completedAt ?? Date.now()) - record.createdAt,
          ...(result === undefined ? {} : { result }),
        });
      }
      if (record.status === 'succeeded') send(record, 'output');
      send(record, 'completed');
    },
  };
}
