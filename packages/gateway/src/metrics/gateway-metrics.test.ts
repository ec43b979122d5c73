import { registerSecret } from '@easel/core';
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { WebhookDeliveryRecord } from '../webhooks/webhook-delivery-record.js';
import { createGatewayMetrics } from './gateway-metrics.js';

describe('createGatewayMetrics', () => {
  it('renders every gateway metric in the Prometheus text format', async () => {
    const metrics = createGatewayMetrics();
    metrics.httpRequests.inc({ method: 'POST', route: '/v1/models/*/predictions', status: '201' });
    metrics.httpRequestDuration.observe(
      { method: 'POST', route: '/v1/models/*/predictions' },
      0.03,
    );
    metrics.predictions.inc({
      provider: 'openai',
      model: 'openai/gpt-image-1',
      status: 'succeeded',
    });
    metrics.predictionDuration.observe({ provider: 'openai', model: 'openai/gpt-image-1' }, 12);
    metrics.upstreamAttempts.inc({ provider: 'openai' }, 3);
    metrics.upstreamRetries.inc({ provider: 'openai' }, 2);
    metrics.images.inc({ provider: 'openai' });
    metrics.imageBytes.inc({ provider: 'openai' }, 4_194_304);
    metrics.queueDepth.set({ provider: 'openai' }, 4);
    metrics.inflightPredictions.set({ provider: 'openai' }, 2);
    metrics.setBreakerState('flux', 'half-open');
    metrics.setBreakerState('openai', 'open');
    metrics.shed.inc({ provider: 'openai', reason: 'queue_full' });
    metrics.recordWebhookDelivery({ outcome: 'delivered' });

    const { contentType, body } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const line of [
      'easel_http_requests_total{method="POST",route="/v1/models/*/predictions",status="201"} 1',
      'easel_http_request_duration_seconds_bucket{le="0.05",method="POST",route="/v1/models/*/predictions"} 1',
      'easel_predictions_total{provider="openai",model="openai/gpt-image-1",status="succeeded"} 1',
      'easel_prediction_duration_seconds_sum{provider="openai",model="openai/gpt-image-1"} 12',
      'easel_upstream_attempts_total{provider="openai"} 3',
      'easel_upstream_retries_total{provider="openai"} 2',
      'easel_images_total{provider="openai"} 1',
      'easel_image_bytes_total{provider="openai"} 4194304',
      'easel_queue_depth{provider="openai"} 4',
      'easel_inflight_predictions{provider="openai"} 2',
      'easel_breaker_state{provider="flux"} 1',
      'easel_breaker_state{provider="openai"} 2',
      'easel_shed_total{provider="openai",reason="queue_full"} 1',
      'easel_webhook_deliveries_total{outcome="delivered"} 1',
      'easel_webhook_deliveries_total{outcome="refused"} 0',
    ]) {
      expect(body.split('\n')).toContain(line);
    }
    expect(body).toContain('# TYPE easel_http_request_duration_seconds histogram');
    expect(body).toContain('# TYPE easel_breaker_state gauge');
  });

  it('keeps two instances apart and leaves the global registry alone', async () => {
    const first = createGatewayMetrics();
    const second = createGatewayMetrics();
    first.images.inc({ provider: 'flux' }, 5);
    second.images.inc({ provider: 'flux' }, 1);
    expect((await first.render()).body).toContain('easel_images_total{provider="flux"} 5');
    expect((await second.render()).body).toContain('easel_images_total{provider="flux"} 1');
    expect(await globalRegistry.getSingleMetric('easel_images_total')).toBeUndefined();
  });

  it('applies a custom prefix', async () => {
    const metrics = createGatewayMetrics({ prefix: 'studio_' });
    metrics.images.inc({ provider: 'flux' });
    const { body } = await metrics.render();
    expect(body).toContain('studio_images_total{provider="flux"} 1');
    expect(body).not.toContain('easel_');
  });

  it('adds the default process metrics only when asked', async () => {
    expect((await createGatewayMetrics().render()).body).not.toContain(
      'process_cpu_user_seconds_total',
    );
    const withDefaults = await createGatewayMetrics({ collectDefault: true }).render();
    expect(withDefaults.body).toContain('process_cpu_user_seconds_total');
    expect(withDefaults.body).toContain('nodejs_heap_size_used_bytes');
  });

  it('uses only the label values it is given: no secret from records or the environment', async () => {
    const canary = 'sk-metrics-canary-7d1e40b2';
    const previous = process.env.EASEL_METRICS_CANARY;
    process.env.EASEL_METRICS_CANARY = canary;
    try {
      const metrics = createGatewayMetrics({ collectDefault: true });
      const record: WebhookDeliveryRecord = {
        predictionId: `pred-${canary}`,
        type: 'completed',
        webhookId: 'msg_1',
        attempt: 1,
        outcome: 'failed',
        status: 401,
        reason: `HTTP 401 for token ${canary}`,
        origin: `https://${canary}.example.com`,
      };
      metrics.recordWebhookDelivery(record);
      metrics.setBreakerState('openai', 'closed');
      metrics.httpRequests.inc({ method: 'GET', route: '/v1/predictions/:id', status: '200' });
      const { body } = await metrics.render();
      expect(body).toContain('easel_webhook_deliveries_total{outcome="failed"} 1');
      expect(body).toContain('route="/v1/predictions/:id"');
      expect(body).not.toContain(canary);
    } finally {
      if (previous === undefined) delete process.env.EASEL_METRICS_CANARY;
      else process.env.EASEL_METRICS_CANARY = previous;
    }
  });

  it('scrubs a registered secret even when a caller wrongly passes it as a label value', async () => {
    const canary = 'sk-label-canary-93be0c11f4';
    registerSecret(canary);
    const metrics = createGatewayMetrics();
    metrics.httpRequests.inc({ method: 'GET', route: `/v1/models?key=${canary}`, status: '200' });
    const { body } = await metrics.render();
    expect(body).not.toContain(canary);
    expect(body).toContain('route="/v1/models?key=[REDACTED]"');
  });
});
