import { Socket } from 'node:net';
import { registerSecret } from '@easel/core';
import fastifyCors from '@fastify/cors';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import { ProviderAdmission } from './admission/provider-admission.js';
import { FileRepository } from './files/file-repository.js';
import { gatewayApi } from './gateway-api.js';
import { GatewayConfigError } from './gateway-config-error.js';
import type { GatewayContext, GatewaySettings } from './gateway-context.js';
import {
  defaultBodyBytes,
  defaultFileTtlMs,
  defaultGraceMs,
  defaultLingerBytes,
  defaultLingerMs,
  defaultPredictionTtlMs,
  defaultWaitMs,
  type Gateway,
  type GatewayOptions,
} from './gateway-options.js';
import { createApiKeyCheck } from './http/api-key-check.js';
import { toGatewayError } from './http/error-mapping.js';
import { sendGatewayError } from './http/error-reply.js';
import { GatewayError } from './http/gateway-error.js';
import { createGatewayLogger, plainFieldsLogger } from './http/gateway-logger.js';
import { bodyPending, LingeringClose } from './http/lingering-close.js';
import { normalizePublicUrl } from './http/public-url.js';
import { requestIdFor, requestIdHeader } from './http/request-id.js';
import { routeConfigOf } from './http/route-config.js';
import { createGatewayMetrics } from './metrics/index.js';
import { GenerationMetrics } from './observability/generation-metrics.js';
import { IdempotencyKeys } from './predictions/idempotency.js';
import { predictionNotifications } from './predictions/prediction-notifications.js';
import { PredictionRepository } from './predictions/prediction-repository.js';
import { PredictionRunner } from './predictions/prediction-runner.js';
import { WebhookDeliveryLog } from './predictions/webhook-delivery-log.js';
import { createMemoryStore } from './store/index.js';
import {
  generateWebhookSecret,
  parseTrustedWebhookHosts,
  WebhookSender,
} from './webhooks/index.js';

function positive(value: number | undefined, setting: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new GatewayConfigError({
      setting,
      problem: `expected a positive number, received ${value}`,
    });
  }
  return value;
}

function checkOptions(options: GatewayOptions): void {
  if (options.easel === undefined || typeof options.easel.describe !== 'function') {
    throw new GatewayConfigError({
      setting: 'easel',
      problem: 'expected the hub from createEasel()',
    });
  }
  for (const key of options.apiKeys ?? []) {
    if (typeof key !== 'string' || key.trim().length < 8 || /\s/.test(key)) {
      throw new GatewayConfigError({
        setting: 'apiKeys',
        problem: 'every key must be at least 8 characters, without spaces',
      });
    }
  }
  if (options.webhooks?.trustedHosts !== undefined) {
    try {
      parseTrustedWebhookHosts(options.webhooks.trustedHosts);
    } catch (error) {
      throw new GatewayConfigError({
        setting: 'webhooks.trustedHosts',
        problem: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function settingsOf(options: GatewayOptions): GatewaySettings {
  const limits = options.limits ?? {};
  let publicUrl: string | undefined;
  if (options.publicUrl !== undefined) {
    publicUrl = normalizePublicUrl(options.publicUrl);
    if (publicUrl === undefined) {
      throw new GatewayConfigError({
        setting: 'publicUrl',
        problem: 'expected an absolute http(s) URL without query, fragment or credentials',
      });
    }
  }
  const wait = positive(limits.defaultWaitMs, 'limits.defaultWaitMs', defaultWaitMs);
  return {
    sandboxProviders: new Set(options.sandboxProviders ?? []),
    publicUrl,
    bodyBytes: Math.floor(positive(limits.bodyBytes, 'limits.bodyBytes', defaultBodyBytes)),
    defaultWaitMs: wait,
    maxWaitMs: Math.max(60_000, wait),
    trustedWebhookHosts: parseTrustedWebhookHosts(options.webhooks?.trustedHosts ?? []),
  };
}

/**
 * Build the gateway: a Fastify app serving Replicate's predictions API and OpenAI's image
 * endpoints in front of the hub, with files, models, metrics and health. It is not listening
 * yet, so routes can be added to `app` first.
 *
 * @example
 * const easel = createEasel({ providers: [createOpenAI(), createFlux()] });
 * const gateway = await createGateway({ easel, ...gatewayOptionsFromEnv() });
 * console.log(await gateway.listen({ port: 8080, host: '0.0.0.0' }));
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  checkOptions(options);
  const settings = settingsOf(options);
  const limits = options.limits ?? {};
  const fileTtlMs = positive(limits.fileTtlMs, 'limits.fileTtlMs', defaultFileTtlMs);
  const predictionTtlMs = positive(
    limits.predictionTtlMs,
    'limits.predictionTtlMs',
    defaultPredictionTtlMs,
  );
  const lingering = new LingeringClose({
    ms: positive(limits.lingerMs, 'limits.lingerMs', defaultLingerMs),
    bytes: Math.floor(positive(limits.lingerBytes, 'limits.lingerBytes', defaultLingerBytes)),
  });
  const logger = createGatewayLogger(options.logger);
  const ownStore = options.store === undefined;
  const store = options.store ?? createMemoryStore();
  const metrics = createGatewayMetrics();
  const generationMetrics = new GenerationMetrics(metrics);
  for (const key of options.apiKeys ?? []) registerSecret(key);
  const keys = createApiKeyCheck(options.apiKeys);

  const webhookSecret = options.webhooks?.secret ?? generateWebhookSecret();
  const deliveries = new WebhookDeliveryLog(store, predictionTtlMs);
  let webhooks: WebhookSender;
  try {
    webhooks = new WebhookSender({
      secret: webhookSecret,
      ...(options.webhooks?.trustedHosts === undefined
        ? {}
        : { trustedHosts: options.webhooks.trustedHosts }),
      onDelivery: record => {
        metrics.recordWebhookDelivery(record);
        void deliveries.record(record);
      },
    });
  } catch (error) {
    throw new GatewayConfigError({
      setting: 'webhooks.secret',
      problem: error instanceof Error ? error.message : 'malformed secret',
    });
  }

  const admission = new ProviderAdmission({
    ...(limits.providers === undefined ? {} : { limits: limits.providers }),
    ...(options.breaker === undefined ? {} : { breaker: options.breaker }),
    onShed: (provider, reason) => metrics.shed.inc({ provider, reason }),
    onBreakerState: (provider, state) => metrics.setBreakerState(provider, state),
  });
  const predictions = new PredictionRepository(store, predictionTtlMs);
  const files = new FileRepository(store, fileTtlMs);
  const idempotency = new IdempotencyKeys(store, predictionTtlMs);
  const runner = new PredictionRunner({
    repository: predictions,
    files,
    logger,
    observer: predictionNotifications({
      webhooks,
      metrics: generationMetrics,
      publicUrl: settings.publicUrl,
    }),
    forgetIdempotencyKey: storeKey => idempotency.forget(storeKey),
  });
  const context: GatewayContext = {
    easel: options.easel,
    settings,
    predictions,
    files,
    runner,
    idempotency,
    admission,
    generationMetrics,
    logger,
  };

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'requestId',
    }),
    genReqId: request => requestIdFor(request.headers[requestIdHeader]),
    bodyLimit: settings.bodyBytes,
    keepAliveTimeout: 65_000,
    requestTimeout: 120_000,
    // Fastify's own 503 while closing has none of the gateway's shape (no code, Retry-After or
    // request id); the onRequest hook below answers `shutting_down` instead.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  });

  // `Expect: 100-continue` (curl sends it for bodies over 1 MiB): Node would say "continue" at
  // once; instead the request goes through the onRequest checks first (key, size, media type)
  // and "100 Continue" is only sent when the body is about to be read, and only if its declared
  // length fits the route's limit, so a refused upload is never sent at all. Without a
  // "continue", Node answers with `Connection: close`.
  app.server.on('checkContinue', (request, response) =>
    app.server.emit('request', request, response),
  );
  // Hooks that run on every request take `done` rather than being async: no promise and no
  // extra microtask per hook.
  app.addHook('preParsing', (request, reply, payload, done) => {
    if (
      request.headers.expect?.toLowerCase() === '100-continue' &&
      !(Number(request.headers['content-length']) > request.routeOptions.bodyLimit)
    ) {
      reply.raw.writeContinue();
    }
    done(null, payload);
  });

  /**
   * An answer sent while the client may still be sending its body closes the connection (the
   * rest of the body is not worth reading) and lingers, so that the client gets to read it.
   */
  function closeEarly(request: FastifyRequest, reply: FastifyReply): void {
    const socket = request.raw.socket;
    if (!(socket instanceof Socket) || !bodyPending(request.raw)) return;
    reply.header('connection', 'close');
    lingering.arm(socket);
  }

  let closing: Promise<void> | undefined;
  // Also when `app.close()` is called directly rather than through `gateway.close()`.
  let appClosing = false;
  app.addHook('preClose', async () => {
    appClosing = true;
    lingering.close();
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(requestIdHeader, request.id);
    if (closing !== undefined || appClosing) {
      reply.header('connection', 'close');
      done(
        new GatewayError({
          status: 503,
          code: 'shutting_down',
          message: 'The gateway is shutting down; retry against another instance.',
          headers: { 'retry-after': '1' },
        }),
      );
      return;
    }
    done();
  });
  const requestLines = plainFieldsLogger(logger);
  app.addHook('onResponse', (request, reply, done) => {
    const { method } = request;
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const elapsedMs = reply.elapsedTime;
    metrics.httpRequests.inc({ method, route, status: String(status) });
    metrics.httpRequestDuration.observe({ method, route }, elapsedMs / 1000);
    // `request.log` knows the level that applies to this request (a route may lower it).
    if ((request.log as Logger).isLevelEnabled('info')) {
      requestLines.info(
        { requestId: request.id, method, route, status, ms: Math.round(elapsedMs) },
        'request completed',
      );
    }
    done();
  });
  app.setErrorHandler(
    (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
      const gatewayError = toGatewayError(error);
      if (gatewayError.status >= 500 && gatewayError.code === 'internal_error') {
        request.log.error({ err: error }, 'request failed');
      } else {
        request.log.info(
          { code: gatewayError.code, status: gatewayError.status },
          gatewayError.message,
        );
      }
      const shape = routeConfigOf(request.routeOptions.config).errorShape ?? 'gateway';
      closeEarly(request, reply);
      return sendGatewayError(reply, gatewayError, shape);
    },
  );
  app.setNotFoundHandler((request, reply) => {
    closeEarly(request, reply);
    return sendGatewayError(
      reply,
      new GatewayError({
        status: 404,
        code: 'not_found',
        message: `No route for ${request.method} ${request.url.split('?')[0]}.`,
      }),
      request.url.startsWith('/v1/images/') ? 'openai' : 'gateway',
    );
  });

  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
    const any = options.corsOrigins.includes('*');
    await app.register(fastifyCors, {
      origin: any ? '*' : [...options.corsOrigins],
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'Prefer',
        'Idempotency-Key',
        'X-Request-Id',
      ],
      exposedHeaders: [
        'Retry-After',
        'X-Request-Id',
        'Location',
        'Preference-Applied',
        'Idempotent-Replayed',
      ],
      maxAge: 600,
    });
  }
  await app.register(gatewayApi, { context, keys, metrics, deliveries, webhookSecret });

  if (!keys.enabled) {
    logger.warn('no gateway API keys are configured: anyone who can reach the gateway can use it');
  }

  return {
    app,
    metrics,
    async listen(listenOptions = {}) {
      return app.listen({ port: listenOptions.port ?? 0, host: listenOptions.host ?? '127.0.0.1' });
    },
    close(closeOptions = {}) {
      closing ??= (async () => {
        const graceMs = Math.max(0, closeOptions.graceMs ?? defaultGraceMs);
        const deadline = Date.now() + graceMs;
        await runner.drain(graceMs);
        await webhooks.drain(Math.max(0, deadline - Date.now()));
        await webhooks.close();
        await deliveries.flush();
        await app.close();
        if (ownStore) await store.close();
      })();
      return closing;
    },
  };
}
