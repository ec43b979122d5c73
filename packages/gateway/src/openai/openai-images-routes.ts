import { AbortError } from '@easel/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';
import { GatewayError } from '../http/gateway-error.js';
import type { JsonBody } from '../http/json-body.js';
import { baseUrlOf } from '../http/public-url.js';
import type { GatewayRouteConfig } from '../http/route-config.js';
import { coerceFormFields } from './form-field-coercion.js';
import { readEditForm } from './multipart-edit-form.js';
import { type ResponseFormat, sendOpenAIImageResponse } from './openai-image-response.js';

function invalid(param: string, message: string): GatewayError {
  return new GatewayError({ status: 400, code: 'invalid_input', message, param });
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('body', 'The body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** Take OpenAI's control fields out of a request; the rest is the model's input. */
function splitRequest(fields: Record<string, unknown>): {
  model: string;
  format: ResponseFormat;
  input: Record<string, unknown>;
} {
  const { model, response_format: format, stream, ...input } = fields;
  if (typeof model !== 'string' || model.length === 0) {
    throw invalid('model', '"model" is required: any Easel model path, e.g. "openai/gpt-image-1".');
  }
  if (format !== undefined && format !== null && format !== 'b64_json' && format !== 'url') {
    throw invalid('response_format', '"response_format" must be "b64_json" or "url".');
  }
  if (stream === true || stream === 'true') {
    throw invalid('stream', 'Streaming is not supported by the gateway; leave "stream" unset.');
  }
  if (stream !== undefined && stream !== false && stream !== 'false' && stream !== null) {
    throw invalid('stream', '"stream" must be false.');
  }
  return { model, format: format === 'url' ? 'url' : 'b64_json', input };
}

/** OpenAI's JSON edit form: `images: [{ image_url }]`, `mask: { image_url }`, or plain strings. */
function jsonImage(value: unknown, param: string): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const url = (value as { image_url?: unknown }).image_url;
    if (typeof url === 'string') return url;
    throw invalid(param, `"${param}" must be an image URL, a data URI, or { "image_url": "…" }.`);
  }
  return value;
}

function jsonEditInput(fields: Record<string, unknown>): Record<string, unknown> {
  const { image, images, mask, ...rest } = fields;
  const sources = [
    ...(image === undefined ? [] : Array.isArray(image) ? image : [image]),
    ...(images === undefined ? [] : Array.isArray(images) ? images : [images]),
  ].map((value, index) => jsonImage(value, `images[${index}]`));
  return {
    ...rest,
    ...(sources.length === 0 ? {} : { images: sources }),
    ...(mask === undefined ? {} : { mask: jsonImage(mask, 'mask') }),
  };
}

/**
 * Register OpenAI's `POST /v1/images/generations` (JSON) and `POST /v1/images/edits`
 * (multipart, or JSON) for every Easel model: `model` is any Easel path, every other field is the
 * model's input, answers and errors have OpenAI's shapes.
 */
export function registerOpenAIImageRoutes(app: FastifyInstance, context: GatewayContext): void {
  const { settings } = context;

  async function generate(
    request: FastifyRequest,
    reply: FastifyReply,
    model: string,
    format: ResponseFormat,
    input: Record<string, unknown>,
  ): Promise<FastifyReply> {
    const description = context.easel.describe(model);
    const controller = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished)
        controller.abort(new AbortError('The client closed the connection.'));
    });
    const lease = await context.admission.admit(description.provider, controller.signal);
    const { provider, path } = description;
    const started = Date.now();
    const metrics = context.generationMetrics;
    metrics.started(provider);
    let result: Awaited<ReturnType<typeof context.easel.generate>>;
    try {
      result = await context.easel.generate(path, input, {
        abortSignal: controller.signal,
        onProgress: event => metrics.progressed(provider, event),
      });
      lease.settle();
    } catch (error) {
      lease.settle(error);
      const status = controller.signal.aborted ? 'canceled' : 'failed';
      metrics.finished({ provider, model: path, status, durationMs: Date.now() - started });
      throw error;
    }
    metrics.finished({
      provider,
      model: path,
      status: 'succeeded',
      durationMs: Date.now() - started,
      result,
    });
    return sendOpenAIImageResponse(
      reply,
      result,
      format,
      context.files,
      baseUrlOf(request, settings.publicUrl),
    );
  }

  const jsonConfig: GatewayRouteConfig = { body: 'json', errorShape: 'openai' };
  app.post(
    '/v1/images/generations',
    { config: jsonConfig, bodyLimit: settings.bodyBytes },
    async (request, reply) => {
      const body = request.body as JsonBody | undefined;
      const { model, format, input } = splitRequest(objectBody(body?.value));
      return generate(request, reply, model, format, input);
    },
  );

  const editConfig: GatewayRouteConfig = { body: 'json-or-multipart', errorShape: 'openai' };
  app.post(
    '/v1/images/edits',
    { config: editConfig, bodyLimit: settings.bodyBytes },
    async (request, reply) => {
      if (!request.isMultipart()) {
        const body = request.body as JsonBody | undefined;
        const { model, format, input } = splitRequest(objectBody(body?.value));
        return generate(request, reply, model, format, jsonEditInput(input));
      }
      const form = await readEditForm(request, settings.bodyBytes);
      const model = typeof form.fields.model === 'string' ? form.fields.model : undefined;
      const schema = model ? context.easel.describe(model).inputSchema : {};
      const fields = coerceFormFields(form.fields, schema);
      const split = splitRequest(fields);
      const input: Record<string, unknown> = { ...split.input };
      if (form.images.length > 0) input.images = form.images;
      if (form.mask !== undefined) input.mask = form.mask;
      return generate(request, reply, split.model, split.format, input);
    },
  );
}
