import {
  dropUnsupportedCommonFields,
  type HttpBody,
  type ImageModelV1Warning,
  type ImageSizeString,
  type ImageSource,
  imageSourceBase64,
  type MultipartPart,
  multipartField,
  multipartFile,
  resolveOutputFormat,
  sizeForAspectRatio,
  snapSize,
} from '@easel/core';
import type { z } from 'zod';
import { type OpenAIImageModelId, type OpenAIInputSchema, openaiModels } from './openai-options.js';

/** The validated input of any OpenAI model (the union of what each model accepts). */
export type OpenAIValidatedInput = z.output<OpenAIInputSchema<OpenAIImageModelId>> & {
  quality?: string;
  moderation?: string;
  background?: string;
  output_compression?: number;
  stream?: boolean;
  partial_images?: number;
  response_format?: string;
  input_fidelity?: string;
  style?: string;
  user?: string;
};

/** What the model sends, before images are turned into parts. */
export interface OpenAIRequestPlan {
  /** `generations`, or `edits` when input images were given. */
  readonly endpoint: 'generations' | 'edits';
  /** Whether the answer is a stream of server-sent events. */
  readonly stream: boolean;
  /** Every field to send, in OpenAI's names (images excluded). */
  readonly fields: Record<string, string | number | boolean>;
  readonly images: readonly ImageSource[];
  readonly mask: ImageSource | undefined;
  /** Edits go as JSON (URLs or `moderation` given) or as multipart (bytes, the default). */
  readonly editFormat: 'json' | 'multipart';
  /** The output format that will come back. */
  readonly outputFormat: 'png' | 'jpeg' | 'webp';
  readonly warnings: ImageModelV1Warning[];
}

function size(
  modelId: OpenAIImageModelId,
  input: OpenAIValidatedInput,
  warnings: ImageModelV1Warning[],
): string | undefined {
  const sizes = openaiModels[modelId].capabilities.sizes;
  if (input.size !== undefined) {
    if (input.aspect_ratio !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'aspect_ratio',
        details: 'size was given too; aspect_ratio was not used',
      });
    }
    if (input.size === 'auto') return 'auto';
    const snapped = snapSize(input.size as ImageSizeString, sizes);
    if (snapped.warning) warnings.push(snapped.warning);
    return snapped.value;
  }
  if (input.aspect_ratio !== undefined) {
    const snapped = sizeForAspectRatio(input.aspect_ratio, sizes);
    if (snapped.warning) warnings.push(snapped.warning);
    return snapped.value;
  }
  return undefined;
}

/**
 * Map a validated input to OpenAI's fields, in one place: common names to OpenAI's, sizes and
 * ratios snapped to the model's list, unsupported fields dropped with a warning, `model` always
 * set, `response_format` never sent to GPT image models.
 */
export function planOpenAIRequest(
  modelId: OpenAIImageModelId,
  validated: OpenAIValidatedInput,
): OpenAIRequestPlan {
  const model = openaiModels[modelId];
  const { input, warnings } = dropUnsupportedCommonFields(validated, model.capabilities);
  const images = input.images ?? [];
  const endpoint = images.length > 0 ? 'edits' : 'generations';
  const format = resolveOutputFormat(input.output_format, model.capabilities);
  if (format.warning) warnings.push(format.warning);
  const outputFormat = format.value ?? 'png';
  const fields: Record<string, string | number | boolean> = { model: modelId };
  if (input.prompt !== undefined) fields.prompt = input.prompt;
  if (input.n !== undefined) fields.n = input.n;
  const chosenSize = size(modelId, input, warnings);
  if (chosenSize !== undefined) fields.size = chosenSize;
  for (const name of ['quality', 'style', 'user'] as const) {
    const value = input[name];
    if (value !== undefined) fields[name] = value;
  }

  let stream = false;
  if (model.family === 'gpt-image') {
    if (input.output_format !== undefined) fields.output_format = outputFormat;
    for (const name of ['moderation', 'background'] as const) {
      const value = input[name];
      if (value !== undefined) fields[name] = value;
    }
    if (input.output_compression !== undefined) {
      if (outputFormat === 'png') {
        warnings.push({
          type: 'unsupported',
          feature: 'output_compression',
          details: 'only jpeg and webp are compressed; it was not sent',
        });
      } else fields.output_compression = input.output_compression;
    }
    if (input.response_format !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'response_format',
        details:
          'GPT image models always return base64 and reject response_format; it was not sent',
      });
    }
    if (input.input_fidelity !== undefined) {
      if (endpoint === 'edits') fields.input_fidelity = input.input_fidelity;
      else
        warnings.push({
          type: 'unsupported',
          feature: 'input_fidelity',
          details: 'input_fidelity applies to edits (input images); it was not sent',
        });
    }
    stream = input.stream === true || (input.partial_images ?? 0) > 0;
    if (stream) {
      fields.stream = true;
      if (input.partial_images !== undefined) fields.partial_images = input.partial_images;
    }
  } else if (input.response_format !== undefined) {
    fields.response_format = input.response_format;
  }
  const hasUrl = [...images, ...(input.mask ? [input.mask] : [])].some(
    source => source.type === 'url',
  );
  return {
    endpoint,
    stream,
    fields,
    images,
    mask: input.mask,
    editFormat:
      endpoint === 'edits' && (hasUrl || fields.moderation !== undefined) ? 'json' : 'multipart',
    outputFormat,
    warnings,
  };
}

/** A generation body, or a JSON edit body (images as URLs or data URLs). */
export function jsonBody(plan: OpenAIRequestPlan): HttpBody {
  if (plan.endpoint === 'generations') return { type: 'json', value: plan.fields };
  const reference = (source: ImageSource) =>
    source.type === 'url'
      ? { image_url: source.url }
      : {
          image_url: `data:${source.mediaType ?? 'image/png'};base64,${imageSourceBase64(source)}`,
        };
  return {
    type: 'json',
    value: {
      ...plan.fields,
      images: plan.images.map(reference),
      ...(plan.mask === undefined ? {} : { mask: reference(plan.mask) }),
    },
  };
}

/** A multipart edit body: one `image` part, or repeated `image[]` parts, and the mask. */
export function multipartBody(
  plan: OpenAIRequestPlan,
  images: ReadonlyArray<{ bytes: Uint8Array; mediaType: string }>,
  mask: { bytes: Uint8Array; mediaType: string } | undefined,
): HttpBody {
  const extension = (mediaType: string) => mediaType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
  const parts: MultipartPart[] = Object.entries(plan.fields).map(([name, value]) =>
    multipartField(name, value),
  );
  const name = images.length === 1 ? 'image' : 'image[]';
  for (const [index, image] of images.entries()) {
    const filename = `image-${index}.${extension(image.mediaType)}`;
    parts.push(multipartFile(name, image.bytes, { filename, contentType: image.mediaType }));
  }
  if (mask)
    parts.push(
      multipartFile('mask', mask.bytes, { filename: 'mask.png', contentType: mask.mediaType }),
    );
  return { type: 'multipart', parts };
}
