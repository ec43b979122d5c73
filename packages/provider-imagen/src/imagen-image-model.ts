import {
  ContentFilteredError,
  combineHeaders,
  dropUnsupportedCommonFields,
  type HttpResponse,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Capabilities,
  type ImageModelV1Image,
  type ImageModelV1Result,
  type ImageModelV1Warning,
  InvalidInputError,
  imageFromBase64,
  type ProviderTransport,
  readJsonResponse,
  resolveOutputFormat,
  snapAspectRatio,
  snapSize,
} from '@easel/core';
import {
  type ImagenGenerateImagesConfig,
  type ImagenPredictResponse,
  imagenErrorFromResponse,
  imagenPredictRequest,
  imagenPredictResponseSchema,
  imagenProviderId,
  positivePromptContentType,
} from './imagen-api.js';
import {
  type ImagenApi,
  type ImagenAspectRatio,
  type ImagenImageInput,
  type ImagenImageSize,
  type ImagenInputSchema,
  type ImagenModelId,
  type ImagenModelSpec,
  type ImagenOutputMimeType,
  type ImagenValidatedInput,
  imagenAspectRatios,
  imagenCapabilities,
  imagenInput,
  imagenModels,
  imagenOutputSizes,
  imagenShapeOfSize,
} from './imagen-options.js';

/** What the models of one provider instance share. */
export interface ImagenModelConfig {
  /** The API every request goes to. */
  readonly api: ImagenApi;
  readonly transport: ProviderTransport;
  /** The model's `:predict` URL; reads the Vertex project and location lazily (throws when missing). */
  predictUrl(modelId: ImagenModelId): string;
  /** Headers of a request (settings headers, credentials, call headers); reads credentials lazily. */
  headers(callHeaders?: Readonly<Record<string, string>>): Promise<Record<string, string>>;
}

/** An Imagen model: one synchronous `:predict` request, base64 images in the answer. */
export class ImagenImageModel implements ImageModelV1<ImagenImageInput, ImagenValidatedInput> {
  readonly specificationVersion = 'v1';
  readonly provider = imagenProviderId;
  readonly aliases: readonly string[] = [];
  readonly capabilities: ImageModelV1Capabilities;
  readonly inputSchema: ImagenInputSchema;
  readonly #spec: ImagenModelSpec;

  constructor(
    readonly modelId: ImagenModelId,
    private readonly config: ImagenModelConfig,
  ) {
    this.capabilities = imagenCapabilities(modelId, config.api);
    this.inputSchema = imagenInput(modelId, config.api);
    this.#spec = imagenModels[modelId];
  }

  async doGenerate(
    options: ImageModelV1CallOptions<ImagenValidatedInput>,
  ): Promise<ImageModelV1Result> {
    const { input, warnings } = dropUnsupportedCommonFields(options.input, this.capabilities);
    if (!input.prompt) {
      throw new InvalidInputError({
        issues: [{ path: ['prompt'], message: 'Imagen needs a prompt' }],
        model: `${imagenProviderId}/${this.modelId}`,
      });
    }
    const config = this.#generateImagesConfig(input, warnings);
    const url = this.config.predictUrl(this.modelId);
    const headers = await this.config.headers(options.headers);
    const response = await this.config.transport.send(
      {
        method: 'POST',
        url,
        headers,
        body: {
          type: 'json',
          value: imagenPredictRequest(input.prompt, config, options.passthrough),
        },
      },
      options,
    );
    if (response.status >= 400) {
      throw imagenErrorFromResponse(response, { modelId: this.modelId, api: this.config.api });
    }
    const data = readJsonResponse(response, imagenPredictResponseSchema, imagenProviderId, {
      base64Fields: ['bytesBase64Encoded'],
      base64As: 'bytes',
    });
    return this.#result(data, config, warnings, response);
  }

  #generateImagesConfig(
    input: ImagenValidatedInput,
    warnings: ImageModelV1Warning[],
  ): ImagenGenerateImagesConfig {
    const format = resolveOutputFormat(input.output_format, this.capabilities);
    if (format.warning) warnings.push(format.warning);
    let quality = input.outputCompressionQuality;
    if (quality !== undefined && format.value !== 'jpeg') {
      warnings.push({
        type: 'unsupported',
        feature: 'outputCompressionQuality',
        details:
          'outputCompressionQuality applies to JPEG output only (output_format jpeg or outputMimeType image/jpeg); it was not sent',
      });
      quality = undefined;
    }
    return {
      numberOfImages: input.n ?? 1,
      ...this.#shape(input, warnings),
      outputMimeType:
        format.value === undefined ? undefined : (`image/${format.value}` as ImagenOutputMimeType),
      outputCompressionQuality: quality,
      personGeneration: input.personGeneration,
      safetyFilterLevel: input.safetyFilterLevel,
      negativePrompt: input.negative_prompt,
      ...this.#seedAndWatermark(input, warnings),
      enhancePrompt: input.enhancePrompt,
      includeRaiReason: input.includeRaiReason ?? true,
      includeSafetyAttributes: input.includeSafetyAttributes,
      language: input.language,
      guidanceScale: input.guidanceScale,
    };
  }

  /**
   * Aspect ratio and resolution. `aspect_ratio` is snapped to Imagen's five ratios; `size` is
   * snapped to the nearest Imagen pixel size (closest shape, then area), within the ratio and the
   * resolution the caller fixed, which gives both a ratio and, on Imagen 4 Standard and Ultra, 1K
   * or 2K.
   */
  #shape(
    input: ImagenValidatedInput,
    warnings: ImageModelV1Warning[],
  ): { aspectRatio?: ImagenAspectRatio; imageSize?: ImagenImageSize } {
    let aspectRatio: ImagenAspectRatio | undefined;
    if (input.aspect_ratio !== undefined && this.capabilities.aspectRatios !== undefined) {
      const snapped = snapAspectRatio(input.aspect_ratio, this.capabilities.aspectRatios);
      if (snapped.warning) warnings.push(snapped.warning);
      aspectRatio = snapped.value as ImagenAspectRatio;
    }
    let imageSize = input.imageSize;
    if (input.size === undefined) return { aspectRatio, imageSize };
    const fixedRatio = aspectRatio;
    const fixedSize = imageSize;
    const candidates = this.#spec.imageSizes
      .filter(resolution => fixedSize === undefined || resolution === fixedSize)
      .flatMap(resolution =>
        imagenAspectRatios
          .filter(ratio => fixedRatio === undefined || ratio === fixedRatio)
          .map(ratio => imagenOutputSizes[resolution][ratio]),
      );
    const snapped = snapSize(input.size, { type: 'list', values: candidates });
    const shape = imagenShapeOfSize(snapped.value)!;
    aspectRatio = shape.aspectRatio;
    if (this.#spec.imageSizes.length > 1) imageSize = shape.imageSize;
    if (snapped.warning?.type === 'approximated') {
      const sent =
        this.#spec.imageSizes.length > 1
          ? `aspectRatio ${shape.aspectRatio} and imageSize ${shape.imageSize}`
          : `aspectRatio ${shape.aspectRatio} (this model renders at 1K only)`;
      const given = [
        fixedRatio === undefined ? undefined : 'aspect_ratio',
        fixedSize === undefined ? undefined : 'imageSize',
      ].filter(name => name !== undefined);
      const within = given.length > 0 ? `, within the ${given.join(' and ')} given` : '';
      warnings.push({
        ...snapped.warning,
        details: `Imagen renders a fixed size per aspect ratio and resolution: sent ${sent}, which renders ${snapped.value}${within}`,
      });
    }
    return { aspectRatio, imageSize };
  }

  /** Imagen honours a seed only without the SynthID watermark (Vertex AI; Google's default adds it). */
  #seedAndWatermark(
    input: ImagenValidatedInput,
    warnings: ImageModelV1Warning[],
  ): { seed?: number; addWatermark?: boolean } {
    if (input.seed === undefined) return { addWatermark: input.addWatermark };
    if (input.addWatermark === true) {
      warnings.push({
        type: 'unsupported',
        feature: 'seed',
        details:
          'Imagen honours a seed only without a watermark, and addWatermark is true: the seed was not sent',
      });
      return { addWatermark: true };
    }
    if (input.addWatermark === undefined) {
      warnings.push({
        type: 'other',
        message:
          'Imagen honours a seed only without a watermark, so addWatermark: false was sent and these images carry no SynthID watermark; pass addWatermark: true to keep it (the seed is then not sent)',
      });
    }
    return { seed: input.seed, addWatermark: false };
  }

  #result(
    data: ImagenPredictResponse,
    config: ImagenGenerateImagesConfig,
    warnings: ImageModelV1Warning[],
    response: HttpResponse,
  ): ImageModelV1Result {
    const images: ImageModelV1Image[] = [];
    const filteredReasons: string[] = [];
    const storedUris: string[] = [];
    let promptSafetyAttributes: unknown;
    for (const prediction of data.predictions ?? []) {
      if (prediction.bytesBase64Encoded && prediction.bytesBase64Encoded.length > 0) {
        images.push(
          imageFromBase64(prediction.bytesBase64Encoded, {
            mediaType: prediction.mimeType ?? config.outputMimeType ?? 'image/png',
            ...(prediction.prompt ? { revisedPrompt: prediction.prompt } : {}),
            ...(config.seed !== undefined && config.numberOfImages === 1
              ? { seed: config.seed }
              : {}),
            ...(prediction.safetyAttributes === undefined
              ? {}
              : {
                  providerMetadata: {
                    [imagenProviderId]: { safetyAttributes: prediction.safetyAttributes },
                  },
                }),
          }),
        );
      } else if (prediction.gcsUri) {
        storedUris.push(prediction.gcsUri);
      } else if (prediction.contentType === positivePromptContentType) {
        promptSafetyAttributes = prediction.safetyAttributes;
      } else {
        filteredReasons.push(prediction.raiFilteredReason ?? 'the prediction carried no image');
      }
    }
    if (images.length === 0 && storedUris.length === 0) {
      throw new ContentFilteredError({
        provider: imagenProviderId,
        stage: 'output',
        reason:
          filteredReasons.length > 0
            ? filteredReasons.join('; ')
            : 'Google returned no image: every image was withheld by its safety filters',
        // Vertex AI's filter reasons say "You will not be charged for blocked images".
        ...(filteredReasons.some(reason => /not be charged/i.test(reason))
          ? { billed: false }
          : {}),
        status: response.status,
      });
    }
    const delivered = images.length + storedUris.length;
    warnings.push(...filteredWarnings(config.numberOfImages, delivered, filteredReasons));
    if (storedUris.length > 0) {
      warnings.push({
        type: 'other',
        message: `${storedUris.length} images were written to Cloud Storage (storageUri) and are not returned: ${storedUris.join(', ')}`,
      });
    }
    const metadata = {
      api: this.config.api,
      ...(storedUris.length > 0 ? { gcsUris: storedUris } : {}),
      ...(filteredReasons.length > 0 ? { raiFilteredReasons: filteredReasons } : {}),
      ...(promptSafetyAttributes === undefined
        ? {}
        : { positivePromptSafetyAttributes: promptSafetyAttributes }),
    };
    return {
      images,
      warnings,
      providerMetadata: { [imagenProviderId]: metadata },
      response: {
        modelId: this.modelId,
        timestamp: new Date(),
        headers: combineHeaders(response.headers),
      },
      timings: { upstreamMs: response.durationMs },
    };
  }
}

/**
 * One `other` warning per filter reason Google sent (one per withheld image, or one for several),
 * each saying how many of the requested images were withheld; one without a reason when images
 * are missing and Google gave none.
 */
function filteredWarnings(
  requested: number,
  returned: number,
  reasons: readonly string[],
): ImageModelV1Warning[] {
  const withheld = Math.max(0, requested - returned);
  if (withheld === 0 && reasons.length === 0) return [];
  const summary =
    withheld > 0
      ? `Google's safety filters withheld ${withheld} of ${requested} images`
      : "Google's safety filters reported";
  if (reasons.length === 0) return [{ type: 'other', message: `${summary}, without a reason` }];
  return reasons.map((reason, index) => ({
    type: 'other',
    message: `${summary}${reasons.length > 1 ? ` (reason ${index + 1} of ${reasons.length})` : ''}: ${reason}`,
  }));
}
