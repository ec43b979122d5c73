import type { GenerateProgressEvent, GenerateResult } from '@easel/core';
import type { GatewayMetrics } from '../metrics/index.js';

/** Records generations (predictions and OpenAI-compatible calls) in the gateway's metrics. */
export class GenerationMetrics {
  readonly #metrics: GatewayMetrics;

  constructor(metrics: GatewayMetrics) {
    this.#metrics = metrics;
  }

  /** A generation started running upstream. */
  started(provider: string): void {
    this.#metrics.inflightPredictions.inc({ provider });
  }

  /** A progress event: retries count as upstream attempts (and retries). */
  progressed(provider: string, event: GenerateProgressEvent): void {
    if (event.type !== 'retry') return;
    this.#metrics.upstreamAttempts.inc({ provider });
    this.#metrics.upstreamRetries.inc({ provider });
  }

  /**
   * A generation ended. Upstream attempts: one per call of the fan-out (plus the retries already
   * counted); polls of asynchronous jobs are not counted.
   */
  finished(options: {
    provider: string;
    model: string;
    status: 'succeeded' | 'failed' | 'canceled';
    durationMs: number;
    result?: GenerateResult;
  }): void {
    const { provider, model, status, result } = options;
    this.#metrics.inflightPredictions.dec({ provider });
    this.#metrics.predictions.inc({ provider, model, status });
    this.#metrics.predictionDuration.observe({ provider, model }, options.durationMs / 1000);
    const calls = result === undefined ? 1 : result.responses.length + result.failures.length;
    this.#metrics.upstreamAttempts.inc({ provider }, Math.max(1, calls));
    if (result === undefined) return;
    this.#metrics.images.inc({ provider }, result.images.length);
    const bytes = result.images.reduce((sum, image) => sum + image.byteLength, 0);
    this.#metrics.imageBytes.inc({ provider }, bytes);
  }
}
