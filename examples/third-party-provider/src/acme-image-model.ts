import {
  aspectRatioForSize,
  combineHeaders,
  dropUnsupportedCommonFields,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Capabilities,
  type ImageModelV1Result,
  type ImageModelV1Warning,
  type ImageSource,
  type ProviderTransport,
  readJsonResponse,
  resolveOutputFormat,
  sizeForAspectRatio,
  snapAspectRatio,
  snapSize,
} from '@easel/core';
import type { z } from 'zod';
import {
  acmeErrorFromResponse,
  acmeGenerationResponseSchema,
  acmeGenerationsPath,
  acmeProviderId,
} from './acme-api.js';
import {
  type AcmeInputSchema,
  type AcmeModelId,
  type AcmeStyle,
  type acme1Input,
  acmeModels,
} from './acme-options.js';

/** What the models of one Acme provider share. */
export interface AcmeModelConfig {
  readonly baseURL: string;
  readonly transport: ProviderTransport;
  /** The style sent when the input names none. */
  readonly defaultStyle: AcmeStyle | undefined;
  /** Headers of every request (settings headers, the key, call headers); reads the key lazily. */
  headers(callHeaders?: Readonly<Record<string, string>>): Record<string, string>;
}

type Validated<ID extends AcmeModelId> = z.output<AcmeInputSchema<ID>>;

/** The validated input of any Acme model: `acme-1`'s fields are a superset of `acme-1-lite`'s. */
type AnyValidated = z.output<typeof acme1Input>;

/** The dimensions fields of a request: pixel sizes or an aspect ratio, as the model takes them. */
type Dimensions = { width: number; height: number } | { aspect: string };

/** One Acme model. Every model is synchronous and answers with base64 images. */
export class AcmeImageModel<ID extends AcmeModelId = AcmeModelId>
  implements ImageModelV1<z.input<AcmeInputSchema<ID>>, Validated<ID>>
{
  readonly specificationVersion = 'v1';
  readonly provider = acmeProviderId;
  readonly aliases: (typeof acmeModels)[ID]['aliases'];
  readonly capabilities: (typeof acmeModels)[ID]['capabilities'];
  readonly inputSchema: ImageModelV1<z.input<AcmeInputSchema<ID>>, Validated<ID>>['inputSchema'];

  constructor(
    readonly modelId: ID,
    private readonly config: AcmeModelConfig,
  ) {
    this.aliases = acmeModels[modelId].aliases;
    this.capabilities = acmeModels[modelId].capabilities;
    this.inputSchema = acmeModels[modelId].inputSchema as unknown as typeof this.inputSchema;
  }

  async doGenerate(options: ImageModelV1CallOptions<Validated<ID>>): Promise<ImageModelV1Result> {
    const capabilities: ImageModelV1Capabilities = this.capabilities;
    const { input, warnings } = dropUnsupportedCommonFields(
      options.input as AnyValidated,
      capabilities,
    );
    const format = resolveOutputFormat(input.output_format, capabilities);
    if (format.warning) warnings.push(format.warning);
    const reference = input.images?.[0];
    // The one place where common names become Acme's wire names.
    const body = {
      model: this.modelId,
      prompt: input.prompt,
      num_outputs: input.n ?? 1,
      ...this.#dimensions(input, warnings),
      output: format.value ?? capabilities.outputFormats[0],
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      ...(input.negative_prompt === undefined ? {} : { avoid: input.negative_prompt }),
      ...((input.style ?? this.config.defaultStyle) === undefined
        ? {}
        : { style: input.style ?? this.config.defaultStyle }),
      ...(reference === undefined
        ? {}
        : { reference_image: await this.#base64(reference, ['image'], options) }),
      ...(input.reference_strength === undefined
        ? {}
        : { reference_strength: input.reference_strength }),
      ...options.passthrough,
    };
    const response = await this.config.transport.send(
      {
        method: 'POST',
        url: `${this.config.baseURL}${acmeGenerationsPath}`,
        headers: this.config.headers(options.headers),
        body: { type: 'json', value: body },
      },
      options,
    );
    if (response.status >= 400) throw acmeErrorFromResponse(response);
    const data = readJsonResponse(response, acmeGenerationResponseSchema, acmeProviderId);
    return {
      images: data.outputs.map(output => ({
        data: output.image_base64,
        ...(output.content_type ? { mediaType: output.content_type } : {}),
        ...(output.width ? { width: output.width } : {}),
        ...(output.height ? { height: output.height } : {}),
        ...(output.seed === null || output.seed === undefined ? {} : { seed: output.seed }),
      })),
      warnings,
      ...(data.billing
        ? { usage: { cost: { amount: data.billing.credits, unit: 'credits' } } }
        : {}),
      providerMetadata: { acme: { requestId: data.request_id } },
      response: {
        id: data.request_id,
        modelId: this.modelId,
        timestamp: new Date(),
        headers: combineHeaders(response.headers),
      },
      timings: { upstreamMs: response.durationMs },
    };
  }

  /** Pixel sizes for models that list sizes, an aspect ratio for those that list ratios. */
  #dimensions(input: AnyValidated, warnings: ImageModelV1Warning[]): Dimensions {
    const { sizes, aspectRatios } = this.capabilities as ImageModelV1Capabilities;
    if (sizes !== undefined) {
      if (input.size !== undefined && input.aspect_ratio !== undefined) {
        warnings.push({
          type: 'unsupported',
          feature: 'aspect_ratio',
          details: 'size was given too; aspect_ratio was not used',
        });
      }
      const snapped =
        input.size !== undefined
          ? snapSize(input.size, sizes)
          : input.aspect_ratio !== undefined
            ? sizeForAspectRatio(input.aspect_ratio, sizes)
            : { value: '1024x1024' as const };
      if ('warning' in snapped && snapped.warning) warnings.push(snapped.warning);
      const [width, height] = snapped.value.split('x').map(Number) as [number, number];
      return { width, height };
    }
    if (aspectRatios !== undefined) {
      if (input.size !== undefined && input.aspect_ratio !== undefined) {
        warnings.push({
          type: 'unsupported',
          feature: 'size',
          details: 'aspect_ratio was given too; size was not used',
        });
      }
      const snapped =
        input.aspect_ratio !== undefined
          ? snapAspectRatio(input.aspect_ratio, aspectRatios)
          : input.size !== undefined
            ? aspectRatioForSize(input.size, aspectRatios)
            : { value: '1:1' as const };
      if ('warning' in snapped && snapped.warning) warnings.push(snapped.warning);
      return { aspect: snapped.value };
    }
    return { width: 1024, height: 1024 };
  }

  async #base64(
    source: ImageSource,
    path: Array<string | number>,
    options: ImageModelV1CallOptions<Validated<ID>>,
  ): Promise<string> {
    if (source.type === 'base64') return source.base64;
    const { bytes } = await this.config.transport.readInputImage(source, path, options);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
}
