import {
  type CallContext,
  combineHeaders,
  type HttpBody,
  type HttpRequest,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Image,
  type ImageModelV1Result,
  type ImageModelV1Usage,
  InvalidInputError,
  imageFromBase64,
  ProviderError,
  type ProviderTransport,
  parseServerSentEvents,
  parseSize,
  readImageMetadata,
  readJsonResponse,
  readStreamBody,
  sumUsage,
} from '@easel/core';
import type { z } from 'zod';
import {
  imageStreamEventSchema,
  imagesResponseSchema,
  openaiErrorFromResponse,
  openaiProviderId,
  toUsage,
} from './openai-api.js';
import { type OpenAIImageModelId, type OpenAIInputSchema, openaiModels } from './openai-options.js';
import {
  jsonBody,
  multipartBody,
  type OpenAIRequestPlan,
  type OpenAIValidatedInput,
  planOpenAIRequest,
} from './openai-request-body.js';

/** What the models of one OpenAI provider share. */
export interface OpenAIModelConfig {
  readonly baseURL: string;
  readonly transport: ProviderTransport;
  /** Settings headers, auth, organization and project, call headers; reads the key lazily. */
  headers(callHeaders?: Readonly<Record<string, string>>): Record<string, string>;
}

type Validated<ID extends OpenAIImageModelId> = z.output<OpenAIInputSchema<ID>>;

/** One OpenAI image model. Generations, or edits when input images are given. */
export class OpenAIImageModel<ID extends OpenAIImageModelId = OpenAIImageModelId>
  implements ImageModelV1<z.input<OpenAIInputSchema<ID>>, Validated<ID>>
{
  readonly specificationVersion = 'v1';
  readonly provider = openaiProviderId;
  readonly aliases: readonly [`opanai/${ID}`];
  readonly capabilities: (typeof openaiModels)[ID]['capabilities'];
  readonly inputSchema: ImageModelV1<z.input<OpenAIInputSchema<ID>>, Validated<ID>>['inputSchema'];

  constructor(
    readonly modelId: ID,
    private readonly config: OpenAIModelConfig,
  ) {
    // "opanai" is how the unified API's documentation spells the paths; both spellings work.
    this.aliases = [`opanai/${modelId}`];
    this.capabilities = openaiModels[modelId].capabilities;
    this.inputSchema = openaiModels[modelId].inputSchema as unknown as typeof this.inputSchema;
  }

  async doGenerate(options: ImageModelV1CallOptions<Validated<ID>>): Promise<ImageModelV1Result> {
    const plan = planOpenAIRequest(this.modelId, options.input as OpenAIValidatedInput);
    const request: HttpRequest = {
      method: 'POST',
      url: `${this.config.baseURL}/images/${plan.endpoint}`,
      headers: combineHeaders(
        this.config.headers(options.headers),
        plan.stream ? { accept: 'text/event-stream' } : undefined,
      ),
      body: await this.#body(plan, options),
    };
    const withPassthrough =
      options.passthrough && request.body?.type === 'json'
        ? {
            ...request,
            body: {
              type: 'json' as const,
              value: { ...(request.body.value as object), ...options.passthrough },
            },
          }
        : request;
    return plan.stream
      ? this.#stream(withPassthrough, plan, options)
      : this.#send(withPassthrough, plan, options);
  }

  async #body(plan: OpenAIRequestPlan, call: CallContext): Promise<HttpBody> {
    if (plan.endpoint === 'generations' || plan.editFormat === 'json') return jsonBody(plan);
    const images = await Promise.all(
      plan.images.map((source, index) =>
        this.config.transport.readInputImage(source, ['images', index], call),
      ),
    );
    const mask = plan.mask
      ? await this.config.transport.readInputImage(plan.mask, ['mask'], call)
      : undefined;
    if (mask) checkMask(mask, images[0]!, this.modelId);
    return multipartBody(plan, images, mask);
  }

  async #send(
    request: HttpRequest,
    plan: OpenAIRequestPlan,
    options: ImageModelV1CallOptions<Validated<ID>>,
  ): Promise<ImageModelV1Result> {
    const response = await this.config.transport.send(request, options);
    if (response.status >= 400) throw openaiErrorFromResponse(response, this.modelId);
    const data = readJsonResponse(response, imagesResponseSchema, openaiProviderId, {
      base64Fields: ['b64_json'],
      base64As: 'bytes',
    });
    const mediaType = `image/${data.output_format ?? plan.outputFormat}`;
    const dimensions = parseSize(data.size ?? String(plan.fields.size ?? ''));
    const started = Date.now();
    const images = await Promise.all(
      (data.data ?? []).map(async (item): Promise<ImageModelV1Image> => {
        const common = {
          ...(dimensions ? { width: dimensions.width, height: dimensions.height } : {}),
          ...(item.revised_prompt ? { revisedPrompt: item.revised_prompt } : {}),
        };
        if (item.b64_json && item.b64_json.length > 0) {
          return imageFromBase64(item.b64_json, { mediaType, ...common });
        }
        if (item.url) {
          const downloaded = await this.config.transport.download(item.url, { call: options });
          return {
            data: downloaded.bytes,
            mediaType: downloaded.mediaType,
            url: item.url,
            ...common,
          };
        }
        throw new ProviderError({
          provider: openaiProviderId,
          message: 'an image in the answer has neither b64_json nor url',
          retryable: false,
        });
      }),
    );
    if (images.length === 0) {
      throw new ProviderError({
        provider: openaiProviderId,
        message: 'the answer has no images',
        providerCode: 'no_images',
        retryable: false,
      });
    }
    const usage = toUsage(data.usage);
    return {
      images,
      warnings: plan.warnings,
      ...(usage ? { usage } : {}),
      providerMetadata: {
        openai: {
          ...(data.created ? { created: data.created } : {}),
          ...(data.background ? { background: data.background } : {}),
          ...(data.quality ? { quality: data.quality } : {}),
          ...(data.size ? { size: data.size } : {}),
          ...(data.output_format ? { outputFormat: data.output_format } : {}),
        },
      },
      response: {
        ...(response.headers['x-request-id'] ? { id: response.headers['x-request-id'] } : {}),
        modelId: this.modelId,
        timestamp: new Date(),
        headers: response.headers,
      },
      timings: {
        upstreamMs: response.durationMs,
        ...(images.some(image => image.url) ? { downloadMs: Date.now() - started } : {}),
      },
    };
  }

  /**
   * Streamed generation: partial images become progress events, completed events the result.
   * OpenAI streams only one image per request, so `n` images take `n` concurrent streams.
   */
  async #stream(
    request: HttpRequest,
    plan: OpenAIRequestPlan,
    options: ImageModelV1CallOptions<Validated<ID>>,
  ): Promise<ImageModelV1Result> {
    const started = Date.now();
    const count = typeof plan.fields.n === 'number' ? plan.fields.n : 1;
    const single =
      count > 1 && request.body?.type === 'json'
        ? {
            ...request,
            body: { type: 'json' as const, value: { ...(request.body.value as object), n: 1 } },
          }
        : request;
    const streams = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        this.#streamOne(count > 1 ? single : request, plan, options, index),
      ),
    );
    const usage = sumUsage(streams.map(stream => stream.usage));
    const last = streams.at(-1)!;
    return {
      images: streams.map(stream => stream.image),
      warnings: plan.warnings,
      ...(usage ? { usage } : {}),
      providerMetadata: { openai: { streamed: true } },
      response: {
        ...(last.requestId ? { id: last.requestId } : {}),
        modelId: this.modelId,
        timestamp: new Date(),
        headers: last.headers,
      },
      timings: { upstreamMs: Date.now() - started },
    };
  }

  async #streamOne(
    request: HttpRequest,
    plan: OpenAIRequestPlan,
    options: ImageModelV1CallOptions<Validated<ID>>,
    index: number,
  ): Promise<{
    image: ImageModelV1Image;
    usage: ImageModelV1Usage | undefined;
    headers: Readonly<Record<string, string>>;
    requestId: string | undefined;
  }> {
    const response = await this.config.transport.sendStreaming(request, options);
    if (response.status >= 400) {
      const text = (await readStreamBody(response)).toString('utf8');
      throw openaiErrorFromResponse(
        { status: response.status, headers: response.headers, url: response.url, text: () => text },
        this.modelId,
      );
    }
    let completed: { image: ImageModelV1Image; usage: ImageModelV1Usage | undefined } | undefined;
    for await (const message of parseServerSentEvents(response.body, {
      provider: openaiProviderId,
    })) {
      if (message.data === '[DONE]') break;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        throw new ProviderError({
          provider: openaiProviderId,
          message: 'a streamed event is not JSON',
          providerCode: 'malformed_response',
          retryable: false,
        });
      }
      const result = imageStreamEventSchema.safeParse(parsed);
      if (!result.success) continue;
      const event = result.data;
      if (event.type === 'error' || message.event === 'error') {
        throw new ProviderError({
          provider: openaiProviderId,
          message: event.error?.message ?? 'the stream reported an error',
          retryable: false,
          ...(event.error?.code ? { providerCode: event.error.code } : {}),
        });
      }
      const dimensions = parseSize(event.size ?? '');
      const image: ImageModelV1Image = {
        data: event.b64_json ?? '',
        mediaType: `image/${event.output_format ?? plan.outputFormat}`,
        ...(dimensions ? { width: dimensions.width, height: dimensions.height } : {}),
      };
      if (!event.b64_json) continue;
      if (event.type.endsWith('.partial_image')) {
        options.onProgress?.({
          type: 'partial-image',
          index,
          partial: event.partial_image_index ?? 0,
          image,
        });
      } else if (event.type.endsWith('.completed')) {
        completed = { image, usage: toUsage(event.usage) };
      }
    }
    if (completed === undefined) {
      throw new ProviderError({
        provider: openaiProviderId,
        message: 'the stream ended without a completed image',
        providerCode: 'incomplete_stream',
        retryable: false,
      });
    }
    return { ...completed, headers: response.headers, requestId: response.headers['x-request-id'] };
  }
}

/** OpenAI needs the mask to be a PNG (its transparent pixels mark the area to edit) of the first image's size. */
function checkMask(
  mask: { bytes: Uint8Array; mediaType: string },
  first: { bytes: Uint8Array },
  modelId: string,
): void {
  const maskInfo = readImageMetadata(mask.bytes);
  const imageInfo = readImageMetadata(first.bytes);
  const problems: string[] = [];
  if (maskInfo?.mediaType !== 'image/png')
    problems.push(
      `the mask must be a PNG with transparency, not ${maskInfo?.mediaType ?? 'an unknown format'}`,
    );
  if (
    maskInfo?.width !== undefined &&
    imageInfo?.width !== undefined &&
    (maskInfo.width !== imageInfo.width || maskInfo.height !== imageInfo.height)
  ) {
    problems.push(
      `the mask is ${maskInfo.width}x${maskInfo.height} but the first image is ${imageInfo.width}x${imageInfo.height}; they must match`,
    );
  }
  if (problems.length > 0) {
    throw new InvalidInputError({
      model: `${openaiProviderId}/${modelId}`,
      issues: problems.map(message => ({ path: ['mask'], message })),
    });
  }
}
