import {
  combineHeaders,
  dropUnsupportedCommonFields,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Result,
  type ImageModelV1Warning,
  type ImageSizeString,
  type ImageSource,
  type ProviderTransport,
  readJsonResponse,
  resolveOutputFormat,
  sizeForAspectRatio,
  snapSize,
} from '@easel/core';
import type { z } from 'zod';
import {
  referenceErrorFromResponse,
  referenceImagesResponseSchema,
  referenceProviderId,
} from './reference-api.js';
import { referenceCapabilities, referenceSyncInput } from './reference-options.js';

/** What the models of one reference provider share. */
export interface ReferenceModelConfig {
  readonly baseURL: string;
  readonly transport: ProviderTransport;
  /** Headers of every request (settings headers, auth, call headers); reads the key lazily. */
  headers(callHeaders?: Readonly<Record<string, string>>): Record<string, string>;
}

type Validated = z.output<typeof referenceSyncInput>;

/** `ref-sync`: one request, base64 images in the answer. */
export class ReferenceImageModel
  implements ImageModelV1<z.input<typeof referenceSyncInput>, Validated>
{
  readonly specificationVersion = 'v1';
  readonly provider = referenceProviderId;
  readonly modelId = 'ref-sync';
  readonly aliases = ['reference/sync', 'Ref-Sync-1'] as const;
  readonly capabilities = referenceCapabilities['ref-sync'];
  readonly inputSchema = referenceSyncInput;

  constructor(private readonly config: ReferenceModelConfig) {}

  async doGenerate(options: ImageModelV1CallOptions<Validated>): Promise<ImageModelV1Result> {
    const { input, warnings } = dropUnsupportedCommonFields(options.input, this.capabilities);
    const size = this.#size(input, warnings);
    const format = resolveOutputFormat(input.output_format, this.capabilities);
    if (format.warning) warnings.push(format.warning);
    const [width, height] = size.split('x').map(Number);
    const image = input.images?.[0];
    const body = {
      prompt: input.prompt,
      count: input.n ?? 1,
      width,
      height,
      format: format.value ?? 'png',
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      ...(input.negative_prompt === undefined ? {} : { negative_prompt: input.negative_prompt }),
      ...(input.quality === undefined ? {} : { quality: input.quality }),
      ...(image === undefined ? {} : { image: await this.#base64(image, ['images', 0], options) }),
      ...(input.mask === undefined
        ? {}
        : { mask: await this.#base64(input.mask, ['mask'], options) }),
      ...options.passthrough,
    };
    const response = await this.config.transport.send(
      {
        method: 'POST',
        url: `${this.config.baseURL}/v1/images`,
        headers: this.config.headers(options.headers),
        body: { type: 'json', value: body },
      },
      options,
    );
    if (response.status >= 400) throw referenceErrorFromResponse(response);
    const data = readJsonResponse(response, referenceImagesResponseSchema, referenceProviderId);
    return {
      images: data.images.map(item => ({
        data: item.b64,
        ...(item.mime_type ? { mediaType: item.mime_type } : {}),
        ...(item.width ? { width: item.width } : {}),
        ...(item.height ? { height: item.height } : {}),
        ...(item.seed === null || item.seed === undefined ? {} : { seed: item.seed }),
      })),
      warnings,
      ...(data.usage ? { usage: { cost: { amount: data.usage.credits, unit: 'credits' } } } : {}),
      providerMetadata: { reference: { id: data.id } },
      response: {
        id: data.id,
        modelId: this.modelId,
        timestamp: new Date(),
        headers: combineHeaders(response.headers),
      },
      timings: { upstreamMs: response.durationMs },
    };
  }

  #size(input: Validated, warnings: ImageModelV1Warning[]): ImageSizeString {
    const sizes = this.capabilities.sizes;
    if (input.size !== undefined) {
      const snapped = snapSize(input.size, sizes);
      if (snapped.warning) warnings.push(snapped.warning);
      if (input.aspect_ratio !== undefined) {
        warnings.push({
          type: 'unsupported',
          feature: 'aspect_ratio',
          details: 'size was given too; aspect_ratio was not used',
        });
      }
      return snapped.value;
    }
    if (input.aspect_ratio !== undefined) {
      const snapped = sizeForAspectRatio(input.aspect_ratio, sizes);
      if (snapped.warning) warnings.push(snapped.warning);
      return snapped.value;
    }
    return '1024x1024';
  }

  async #base64(
    source: ImageSource,
    path: Array<string | number>,
    options: ImageModelV1CallOptions<Validated>,
  ): Promise<string> {
    if (source.type === 'base64') return source.base64;
    const { bytes } = await this.config.transport.readInputImage(source, path, options);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
}
