import {
  type CallContext,
  type ConcurrencyLimiter,
  ContentFilteredError,
  createCallScope,
  type HttpRequest,
  type HttpResponse,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Image,
  type ImageModelV1Result,
  type ImageModelV1Warning,
  ProviderError,
  type ProviderTransport,
  parseSize,
  readImageMetadata,
  readJsonResponse,
  requestIdOf,
} from '@easel/core';
import {
  type IdeogramResponse,
  ideogramDownloadCredentials,
  ideogramErrorFromResponse,
  ideogramOperationUrl,
  ideogramProviderId,
  ideogramResponseSchema,
} from './ideogram-api.js';
import {
  type IdeogramImageInput,
  type IdeogramImageModelId,
  type IdeogramInputSchema,
  type IdeogramValidatedInput,
  ideogramCapabilities,
  ideogramInput,
} from './ideogram-options.js';
import {
  type IdeogramRequestPlan,
  ideogramMultipartBody,
  planIdeogramRequest,
  plannedFieldNames,
} from './ideogram-request.js';

/** What the model of one provider instance needs. */
export interface IdeogramModelConfig {
  /** Base URL without a trailing slash, e.g. `https://api.ideogram.ai`. */
  readonly baseURL: string;
  readonly transport: ProviderTransport;
  /** Caps the requests of this provider instance in flight (Ideogram allows 10 per key). */
  readonly limiter: ConcurrencyLimiter;
  /** The API key; read when a request is made (throws `MissingApiKeyError` without one). */
  apiKey(): string;
  /** Settings headers, the key, call headers. */
  headers(apiKey: string, callHeaders?: Readonly<Record<string, string>>): Record<string, string>;
}

/** A result image, or why Ideogram withheld it. */
type Delivered = { image: ImageModelV1Image } | { withheld: string };

/**
 * Ideogram V3: one model, five operations (generate, edit, remix, reframe, replace-background),
 * chosen from the input. Synchronous: one multipart request, result URLs downloaded at once.
 */
export class IdeogramImageModel
  implements ImageModelV1<IdeogramImageInput, IdeogramValidatedInput>
{
  readonly specificationVersion = 'v1';
  readonly provider = ideogramProviderId;
  readonly modelId: IdeogramImageModelId = 'V3';
  readonly aliases = ['ideogram-v3'] as const;
  readonly capabilities = ideogramCapabilities;
  readonly inputSchema: IdeogramInputSchema = ideogramInput;

  constructor(private readonly config: IdeogramModelConfig) {}

  async doGenerate(
    options: ImageModelV1CallOptions<IdeogramValidatedInput>,
  ): Promise<ImageModelV1Result> {
    const plan = planIdeogramRequest(options.input);
    const apiKey = this.config.apiKey();
    // One scope per call: its signal carries a typed reason (AbortError, TimeoutError), and the
    // image reads and downloads listen to it rather than each adding a listener to the caller's
    // signal, which a fanned-out call shares.
    const scope = createCallScope({
      abortSignal: options.abortSignal,
      deadline: options.deadline,
      provider: ideogramProviderId,
    });
    const call: CallContext = { abortSignal: scope.signal, deadline: options.deadline };
    try {
      const request: HttpRequest = {
        method: 'POST',
        url: ideogramOperationUrl(this.config.baseURL, plan.operation),
        headers: this.config.headers(apiKey, options.headers),
        body: await ideogramMultipartBody(plan, {
          readImage: (source, path) => this.config.transport.readInputImage(source, path, call),
          passthrough: options.passthrough,
          model: `${ideogramProviderId}/${this.modelId}`,
        }),
      };
      // A slot under maxConcurrentRequests: a burst queues here instead of drawing 429s.
      const response = await this.config.limiter.run(
        () => this.config.transport.send(request, options),
        scope.signal,
      );
      if (response.status >= 400) {
        throw ideogramErrorFromResponse(response, {
          modelId: this.modelId,
          operation: plan.operation,
          fields: plannedFieldNames(plan),
        });
      }
      const data = readJsonResponse(response, ideogramResponseSchema, ideogramProviderId);
      const started = Date.now();
      const delivered = await Promise.all(
        data.data.map(item => this.#deliver(item, plan, apiKey, call)),
      );
      return this.#result(data, delivered, plan, response, Date.now() - started);
    } finally {
      scope.dispose();
    }
  }

  async #deliver(
    item: IdeogramResponse['data'][number],
    plan: IdeogramRequestPlan,
    apiKey: string,
    call: CallContext,
  ): Promise<Delivered> {
    if (item.is_image_safe === false) return { withheld: 'it failed Ideogram’s safety check' };
    if (!item.url) return { withheld: 'Ideogram returned no URL for it' };
    const downloaded = await this.config.transport.download(item.url, {
      credentials: ideogramDownloadCredentials(this.config.baseURL, apiKey),
      call,
    });
    const stated = parseSize(item.upscaled_resolution ?? item.resolution ?? '');
    const actual = readImageMetadata(downloaded.bytes);
    const width = actual?.width ?? stated?.width;
    const height = actual?.height ?? stated?.height;
    const metadata = {
      ...(item.resolution ? { resolution: item.resolution } : {}),
      ...(item.upscaled_resolution ? { upscaledResolution: item.upscaled_resolution } : {}),
      ...(item.style_type ? { styleType: item.style_type } : {}),
    };
    return {
      image: {
        data: downloaded.bytes,
        mediaType: downloaded.mediaType,
        url: item.url,
        ...(width !== undefined && height !== undefined ? { width, height } : {}),
        ...(typeof item.seed === 'number' ? { seed: item.seed } : {}),
        ...(item.prompt && item.prompt !== plan.prompt ? { revisedPrompt: item.prompt } : {}),
        ...(Object.keys(metadata).length > 0
          ? { providerMetadata: { [ideogramProviderId]: metadata } }
          : {}),
      },
    };
  }

  #result(
    data: IdeogramResponse,
    delivered: readonly Delivered[],
    plan: IdeogramRequestPlan,
    response: HttpResponse,
    downloadMs: number,
  ): ImageModelV1Result {
    const images = delivered.flatMap(entry => ('image' in entry ? [entry.image] : []));
    const withheld = delivered.flatMap(entry => ('withheld' in entry ? [entry.withheld] : []));
    const requestId = requestIdOf(response.headers);
    if (images.length === 0) {
      if (withheld.length > 0 && data.data.some(item => item.is_image_safe === false)) {
        throw new ContentFilteredError({
          provider: ideogramProviderId,
          stage: 'output',
          reason: `every image of the ${plan.operation} request failed Ideogram’s safety check (is_image_safe: false)`,
          status: response.status,
          ...(requestId ? { requestId } : {}),
        });
      }
      throw new ProviderError({
        provider: ideogramProviderId,
        status: response.status,
        message: `the ${plan.operation} answer has no images${withheld.length > 0 ? `: ${withheld[0]}` : ''}`,
        providerCode: 'no_images',
        retryable: false,
        url: response.url,
        ...(requestId ? { requestId } : {}),
      });
    }
    const warnings: ImageModelV1Warning[] = [
      ...plan.warnings,
      ...withheld.map(
        (reason, index): ImageModelV1Warning => ({
          type: 'other',
          message: `Ideogram withheld an image (${index + 1} of ${withheld.length} withheld, ${data.data.length} made): ${reason}`,
        }),
      ),
    ];
    const created = data.created ? new Date(data.created) : undefined;
    return {
      images,
      warnings,
      providerMetadata: {
        [ideogramProviderId]: {
          operation: plan.operation,
          ...(data.created ? { created: data.created } : {}),
          ...(withheld.length > 0 ? { withheld: withheld.length } : {}),
        },
      },
      response: {
        ...(requestId ? { id: requestId } : {}),
        modelId: this.modelId,
        timestamp: created && !Number.isNaN(created.getTime()) ? created : new Date(),
        headers: response.headers,
      },
      timings: { upstreamMs: response.durationMs, downloadMs },
    };
  }
}
