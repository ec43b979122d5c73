import {
  ContentFilteredError,
  type HttpResponse,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Image,
  type ImageModelV1Result,
  type ImageModelV1Warning,
  imageFromBase64,
  ProviderError,
  type ProviderTransport,
  readImageMetadata,
  readImageMetadataFromBase64,
  readJsonResponse,
  requestIdOf,
} from '@easel/core';
import {
  contentFilteredReason,
  parseSeed,
  stabilityErrorFromResponse,
  stabilityJsonResponseSchema,
  stabilityProviderId,
} from './stability-api.js';
import {
  type StabilityImageInput,
  type StabilityInputSchema,
  type StabilityModelId,
  type StabilityModelSpec,
  type StabilityValidatedInput,
  stabilityCapabilities,
  stabilityInput,
  stabilityModels,
} from './stability-options.js';
import {
  checkInputImage,
  planStabilityRequest,
  type StabilityRequestPlan,
  stabilityMultipartBody,
} from './stability-request-body.js';

/** What the models of one provider instance share. */
export interface StabilityModelConfig {
  /** The endpoint's URL; reads the base URL lazily (settings, then `STABILITY_BASE_URL`). */
  generateUrl(): string;
  readonly transport: ProviderTransport;
  /** The `strictModeration` setting: the default of the `strict_moderation` input field. */
  readonly strictModeration: boolean;
  /** Headers of a request (accept, settings headers, credentials, client ids, call headers); reads the key lazily. */
  headers(callHeaders?: Readonly<Record<string, string>>): Record<string, string>;
}

/** The image Stability answered with, before the result is assembled. */
interface ReceivedImage {
  readonly image: ImageModelV1Image;
  readonly finishReason: string | undefined;
  readonly responseMode: 'bytes' | 'json';
}

/** The aliases of a model: its wire name, bare and under the provider id. */
type StabilityAliases<ID extends StabilityModelId> = readonly [
  (typeof stabilityModels)[ID]['wireModel'],
  `stability/${(typeof stabilityModels)[ID]['wireModel']}`,
];

/**
 * A Stable Diffusion 3.5 model: one synchronous multipart request per image to
 * `/v2beta/stable-image/generate/sd3`, answered with the image bytes (or base64 JSON).
 */
export class StabilityImageModel<ID extends StabilityModelId = StabilityModelId>
  implements ImageModelV1<StabilityImageInput, StabilityValidatedInput>
{
  readonly specificationVersion = 'v1';
  readonly provider = stabilityProviderId;
  readonly aliases: StabilityAliases<ID>;
  readonly capabilities = stabilityCapabilities;
  readonly inputSchema: StabilityInputSchema;
  readonly #spec: StabilityModelSpec;

  constructor(
    readonly modelId: ID,
    private readonly config: StabilityModelConfig,
  ) {
    this.#spec = stabilityModels[modelId];
    const wireModel = this.#spec.wireModel;
    this.aliases = [wireModel, `${stabilityProviderId}/${wireModel}`] as StabilityAliases<ID>;
    this.inputSchema = stabilityInput(modelId);
  }

  async doGenerate(
    options: ImageModelV1CallOptions<StabilityValidatedInput>,
  ): Promise<ImageModelV1Result> {
    const plan = planStabilityRequest(this.modelId, options.input, {
      strictModeration: this.config.strictModeration,
    });
    const url = this.config.generateUrl();
    const headers = this.config.headers(options.headers);
    const image =
      plan.image === undefined
        ? undefined
        : await this.config.transport.readInputImage(plan.image, ['image'], options);
    if (image !== undefined) checkInputImage(image, this.modelId);
    const response = await this.config.transport.send(
      {
        method: 'POST',
        url,
        headers,
        body: stabilityMultipartBody(plan, image, options.passthrough),
      },
      options,
    );
    if (response.status >= 400) {
      throw stabilityErrorFromResponse(response, { modelId: this.modelId });
    }
    const received = this.#readImage(response);
    return this.#result(received, plan, response);
  }

  /** The image in the answer, read by its content type (whatever `accept` asked for). */
  #readImage(response: HttpResponse): ReceivedImage {
    const contentType = response.headers['content-type'] ?? '';
    if (/^image\//i.test(contentType)) {
      const metadata = readImageMetadata(response.body);
      if (metadata === undefined)
        throw malformed(response, `a ${contentType} body that is not an image`);
      return {
        image: {
          data: response.body,
          mediaType: metadata.mediaType,
          ...(metadata.width === undefined ? {} : { width: metadata.width }),
          ...(metadata.height === undefined ? {} : { height: metadata.height }),
          ...optionalSeed(parseSeed(response.headers.seed)),
          ...contentFilteredFlag(response.headers['finish-reason']),
        },
        finishReason: response.headers['finish-reason'],
        responseMode: 'bytes',
      };
    }
    if (/^application\/json/i.test(contentType)) {
      const data = readJsonResponse(response, stabilityJsonResponseSchema, stabilityProviderId, {
        base64Fields: ['image'],
        base64As: 'bytes',
      });
      const metadata = readImageMetadataFromBase64(data.image);
      if (metadata === undefined) throw malformed(response, 'an image field that is not an image');
      return {
        image: imageFromBase64(data.image, {
          mediaType: metadata.mediaType,
          ...(metadata.width === undefined ? {} : { width: metadata.width }),
          ...(metadata.height === undefined ? {} : { height: metadata.height }),
          ...optionalSeed(parseSeed(data.seed)),
          ...contentFilteredFlag(data.finish_reason),
        }),
        finishReason: data.finish_reason ?? undefined,
        responseMode: 'json',
      };
    }
    throw malformed(response, `an unexpected content type "${contentType}"`);
  }

  #result(
    received: ReceivedImage,
    plan: StabilityRequestPlan,
    response: HttpResponse,
  ): ImageModelV1Result {
    const requestId = requestIdOf(response.headers);
    const warnings: ImageModelV1Warning[] = [...plan.warnings];
    const filtered = received.finishReason === contentFilteredReason;
    if (filtered && plan.strictModeration) {
      throw new ContentFilteredError({
        provider: stabilityProviderId,
        stage: 'output',
        reason: `${contentFilteredReason}: Stability's moderation blurred the generated image`,
        status: response.status,
        ...(requestId === undefined ? {} : { requestId }),
      });
    }
    if (filtered) {
      warnings.push({
        type: 'other',
        message:
          "Stability's moderation blurred the image (finish reason CONTENT_FILTERED); it is returned with contentFiltered: true. Set strict_moderation (or the strictModeration setting) to fail instead.",
      });
    } else if (received.finishReason !== undefined && received.finishReason !== 'SUCCESS') {
      warnings.push({
        type: 'other',
        message: `Stability finished with reason ${received.finishReason}`,
      });
    }
    return {
      images: [received.image],
      warnings,
      usage: { cost: { amount: this.#spec.credits, unit: 'credits' } },
      providerMetadata: {
        [stabilityProviderId]: {
          model: this.#spec.wireModel,
          mode: plan.mode,
          credits: this.#spec.credits,
          responseMode: received.responseMode,
          ...(received.finishReason === undefined ? {} : { finishReason: received.finishReason }),
          ...(received.image.seed === undefined ? {} : { seed: received.image.seed }),
        },
      },
      response: {
        ...(requestId === undefined ? {} : { id: requestId }),
        modelId: this.modelId,
        timestamp: new Date(),
        headers: response.headers,
      },
      timings: { upstreamMs: response.durationMs },
    };
  }
}

function optionalSeed(seed: number | undefined): { seed?: number } {
  return seed === undefined ? {} : { seed };
}

/** A 200 whose body is not what Stability sends: the work may have been done, so never retried. */
function malformed(response: HttpResponse, what: string): ProviderError {
  return new ProviderError({
    provider: stabilityProviderId,
    status: response.status,
    message: `Stability answered with ${what}`,
    providerCode: 'malformed_response',
    retryable: false,
    url: response.url,
  });
}

/**
 * `contentFiltered: true` when moderation blurred the image. Set where the image is built: spreading
 * an image later would read its `data` and make the string `imageFromBase64` avoids.
 */
function contentFilteredFlag(finishReason: string | null | undefined): { contentFiltered?: true } {
  return finishReason === contentFilteredReason ? { contentFiltered: true } : {};
}
