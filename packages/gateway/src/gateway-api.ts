import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerFileRoutes } from './files/files-routes.js';
import type { GatewayContext } from './gateway-context.js';
import type { ApiKeyCheck } from './http/api-key-check.js';
import { setCaller } from './http/caller.js';
import { GatewayError } from './http/gateway-error.js';
import { isJsonMediaType, parseJsonBody } from './http/json-body.js';
import { routeConfigOf } from './http/route-config.js';
import type { GatewayMetrics } from './metrics/index.js';
import { registerModelRoutes } from './models/models-routes.js';
import { registerOpenAIImageRoutes } from './openai/openai-images-routes.js';
import { registerOperationsRoutes } from './operations/operations-routes.js';
import { registerPredictionRoutes } from './predictions/predictions-routes.js';
import type { WebhookDeliveryLog } from './predictions/webhook-delivery-log.js';

/** What the API plugin needs besides the shared context. */
export interface GatewayApiOptions {
  readonly context: GatewayContext;
  readonly keys: ApiKeyCheck;
  readonly metrics: GatewayMetrics;
  readonly deliveries: WebhookDeliveryLog;
  /** The webhook signing secret, served to authorised callers at `/v1/webhooks/default/secret`. */
  readonly webhookSecret: string;
}

/** Media types a JSON route reads as JSON: JSON itself, and what `curl -d` sends by default. */
function readsAsJson(mediaType: string | undefined): boolean {
  return (
    mediaType === undefined ||
    isJsonMediaType(mediaType) ||
    mediaType === 'application/x-www-form-urlencoded' ||
    mediaType === 'text/plain'
  );
}

function mediaTypeOf(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  if (header === undefined) return undefined;
  return header.split(';')[0]!.trim().toLowerCase();
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

/**
 * The gateway's routes in one encapsulated plugin, so that their hooks and body parsers do not
 * touch routes the caller adds to the app. In order, before any body byte is read: the gateway
 * key (401), the declared `Content-Length` against the route's limit (413), the media type (415).
 */
export async function gatewayApi(app: FastifyInstance, options: GatewayApiOptions): Promise<void> {
  const { context, keys } = options;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    const raw = body as Buffer;
    if (raw.byteLength === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, parseJsonBody(raw));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  await app.register(fastifyMultipart, { throwFileSizeLimit: true });

  /** Why a request is refused before its body is read, if it is. */
  function refusal(request: FastifyRequest, reply: FastifyReply): GatewayError | undefined {
    const routeOptions = request.routeOptions;
    const config = routeConfigOf(routeOptions.config);
    if (!config.public && keys.enabled) {
      const caller = keys.verify(request.headers.authorization);
      if (caller === undefined) {
        return new GatewayError({
          status: 401,
          code: 'unauthorized',
          message: 'Missing or invalid gateway key: send "Authorization: Bearer <key>".',
          headers: { 'www-authenticate': 'Bearer realm="easel"' },
        });
      }
      setCaller(request, caller);
    }
    const body = config.body ?? 'none';
    if (body === 'none' || !hasBody(request)) return undefined;
    const limit = routeOptions.bodyLimit ?? context.settings.bodyBytes;
    const length = Number(request.headers['content-length']);
    if (length > limit) {
      reply.header('connection', 'close');
      return new GatewayError({
        status: 413,
        code: 'body_too_large',
        message: `The request body (${length} bytes) is larger than the gateway's limit of ${limit} bytes.`,
        details: { limitBytes: limit, contentLength: length },
      });
    }
    const mediaType = mediaTypeOf(request);
    const multipart = body === 'json-or-multipart' && mediaType === 'multipart/form-data';
    if (!multipart && !readsAsJson(mediaType)) {
      reply.header('connection', 'close');
      return new GatewayError({
        status: 415,
        code: 'unsupported_media_type',
        message: `Unsupported Content-Type "${mediaType}": send application/json${body === 'json-or-multipart' ? ' or multipart/form-data' : ''}.`,
        details: { contentType: mediaType },
      });
    }
    return undefined;
  }

  // A `done` hook, not an async one: no promise and no extra microtask on every request.
  app.addHook('onRequest', (request, reply, done) => done(refusal(request, reply)));

  registerPredictionRoutes(app, context);
  registerModelRoutes(app, context);
  registerFileRoutes(app, context);
  registerOpenAIImageRoutes(app, context);
  registerOperationsRoutes(app, context, options.metrics);

  app.get('/v1/predictions/:id/webhooks', async request => {
    const { id } = request.params as { id: string };
    if (
      (await context.predictions.get(id)) === undefined &&
      context.runner.latest(id) === undefined
    ) {
      throw new GatewayError({
        status: 404,
        code: 'prediction_not_found',
        message: `No prediction "${id}" (unknown, or expired).`,
        details: { id },
      });
    }
    return { data: await options.deliveries.list(id) };
  });

  app.get('/v1/webhooks/default/secret', async () => ({ key: options.webhookSecret }));
}
