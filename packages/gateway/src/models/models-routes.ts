import type { ImageModelV1Capabilities, ModelDescription } from '@easel/core';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';
import { baseUrlOf } from '../http/public-url.js';

/** A model as `GET /v1/models` lists it: OpenAI's model object plus Easel's description. */
export interface ModelJson {
  /** Canonical path, `<provider>/<modelId>`. */
  readonly id: string;
  readonly object: 'model';
  /** When the gateway started, seconds since the epoch (OpenAI's field; Easel models have no date). */
  readonly created: number;
  readonly owned_by: string;
  readonly provider: string;
  readonly model_id: string;
  /** Every path that names the model in `/v1/models/<model_path>/…` and in `model` fields. */
  readonly paths: readonly string[];
  readonly capabilities: ImageModelV1Capabilities;
  /** JSON Schema (draft 2020-12) of `input`. */
  readonly input_schema: Readonly<Record<string, unknown>>;
  /** Whether the provider is served by a local simulator rather than the real service. */
  readonly sandbox: boolean;
  readonly urls: { readonly predictions: string };
}

/** Render one model description. */
export function modelJson(
  description: ModelDescription,
  options: { baseUrl: string; sandbox: boolean; created: number },
): ModelJson {
  return {
    id: description.path,
    object: 'model',
    created: options.created,
    owned_by: description.provider,
    provider: description.provider,
    model_id: description.modelId,
    paths: description.paths,
    capabilities: description.capabilities,
    input_schema: description.inputSchema,
    sandbox: options.sandbox,
    urls: { predictions: `${options.baseUrl}/v1/models/${description.path}/predictions` },
  };
}

/** Register `GET /v1/models` and `GET /v1/models/<model_path>`. */
export function registerModelRoutes(app: FastifyInstance, context: GatewayContext): void {
  const created = Math.floor(Date.now() / 1000);
  const render = (description: ModelDescription, baseUrl: string) =>
    modelJson(description, {
      baseUrl,
      created,
      sandbox: context.settings.sandboxProviders.has(description.provider),
    });

  app.get('/v1/models', async request => {
    const baseUrl = baseUrlOf(request, context.settings.publicUrl);
    return {
      object: 'list',
      data: context.easel.models().map(description => render(description, baseUrl)),
    };
  });

  app.get('/v1/models/*', async request => {
    const path = (request.params as { '*': string })['*'];
    return render(context.easel.describe(path), baseUrlOf(request, context.settings.publicUrl));
  });
}
