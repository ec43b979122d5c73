import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';
import type { GatewayRouteConfig } from '../http/route-config.js';
import type { GatewayMetrics } from '../metrics/index.js';
import { VERSION } from '../version.js';

/** Register `GET /healthz` (public) and `GET /metrics` (Prometheus text; needs a key when keys are set). */
export function registerOperationsRoutes(
  app: FastifyInstance,
  context: GatewayContext,
  metrics: GatewayMetrics,
): void {
  const started = Date.now();
  const publicRoute: GatewayRouteConfig = { public: true };
  app.get('/healthz', { config: publicRoute }, async () => ({
    status: 'ok',
    version: VERSION,
    uptime_seconds: Math.round((Date.now() - started) / 1000),
    predictions_in_flight: context.runner.activeCount,
  }));

  app.get('/metrics', async (_request, reply) => {
    for (const { provider, queued } of context.admission.snapshot()) {
      metrics.queueDepth.set({ provider }, queued);
    }
    const { contentType, body } = await metrics.render();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
}
