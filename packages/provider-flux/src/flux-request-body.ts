import {
  type AspectRatioString,
  aspectRatioForSize,
  dropUnsupportedCommonFields,
  type ImageModelV1Warning,
  type ImageSource,
  imageSourceBase64,
  parseAspectRatio,
  reduceAspectRatio,
  resolveOutputFormat,
  type SizeCapability,
  type Snapped,
  sizeForAspectRatio,
  snapAspectRatio,
  snapSize,
} from '@easel/core';
import type { z } from 'zod';
import { type FluxInputSchema, type FluxModelId, fluxModels } from './flux-options.js';

/** The validated input of any FLUX model (the union of what each model accepts). */
export type FluxValidatedInput = z.output<FluxInputSchema<FluxModelId>> & {
  width?: number;
  height?: number;
  raw?: boolean;
  image_prompt_strength?: number;
  prompt_upsampling?: boolean;
  safety_tolerance?: number;
  webhook_url?: string;
  webhook_secret?: string;
  steps?: number;
  guidance?: number;
};

/** The body to submit and what the caller should know about it. */
export interface FluxRequestPlan {
  readonly body: Record<string, unknown>;
  readonly warnings: ImageModelV1Warning[];
}

/** Reads an input image as base64 (downloading URLs through the guard), for fields that take base64 only. */
export type ReadImageAsBase64 = (
  source: ImageSource,
  path: ReadonlyArray<string | number>,
) => Promise<string>;

const passedThrough = [
  'seed',
  'prompt_upsampling',
  'safety_tolerance',
  'webhook_url',
  'webhook_secret',
  'raw',
  'image_prompt_strength',
  'steps',
  'guidance',
] as const;

function collect<VALUE>(snapped: Snapped<VALUE>, warnings: ImageModelV1Warning[]): VALUE {
  if (snapped.warning) warnings.push(snapped.warning);
  return snapped.value;
}

function compactRatio(ratio: AspectRatioString): string {
  const parsed = parseAspectRatio(ratio);
  return parsed && Number.isInteger(parsed.width) && Number.isInteger(parsed.height)
    ? reduceAspectRatio(parsed)
    : ratio;
}

function aspectRatioOf(
  modelId: FluxModelId,
  input: FluxValidatedInput,
  warnings: ImageModelV1Warning[],
): string | undefined {
  const capability = fluxModels[modelId].capabilities;
  if (!('aspectRatios' in capability)) return undefined;
  if (input.aspect_ratio !== undefined) {
    if (input.size !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'size',
        details: 'aspect_ratio was given too; size was not used',
      });
    }
    return collect(snapAspectRatio(input.aspect_ratio, capability.aspectRatios), warnings);
  }
  if (input.size === undefined) return undefined;
  const snapped = aspectRatioForSize(input.size, capability.aspectRatios);
  const ratio = compactRatio(snapped.value);
  if (snapped.warning?.type === 'approximated') {
    warnings.push({
      ...snapped.warning,
      used: ratio,
      details: `the model takes aspect ratios, not pixel sizes; sent aspect ratio ${ratio}`,
    });
  }
  return ratio;
}

function dimensionsOf(
  modelId: FluxModelId,
  input: FluxValidatedInput,
  warnings: ImageModelV1Warning[],
): { width?: number; height?: number } {
  const capability = fluxModels[modelId].capabilities;
  if (!('sizes' in capability)) return {};
  const sizes: SizeCapability = capability.sizes;
  if (input.width !== undefined || input.height !== undefined) {
    return {
      ...(input.width === undefined ? {} : { width: input.width }),
      ...(input.height === undefined ? {} : { height: input.height }),
    };
  }
  let size: string | undefined;
  if (input.size !== undefined) size = collect(snapSize(input.size, sizes), warnings);
  else if (input.aspect_ratio !== undefined)
    size = collect(sizeForAspectRatio(input.aspect_ratio, sizes), warnings);
  if (size === undefined) return {};
  const [width, height] = size.split('x').map(Number) as [number, number];
  return { width, height };
}

/**
 * Map a validated input to BFL's fields, in one place: sizes to the model's grid or to an aspect
 * ratio (with `approximated` warnings), input images to `input_image…` (URLs as URLs, inline
 * images as base64) or to the base64-only `image_prompt`, unsupported common fields dropped with a
 * warning.
 */
export async function planFluxRequest(
  modelId: FluxModelId,
  validated: FluxValidatedInput,
  readImageAsBase64: ReadImageAsBase64,
): Promise<FluxRequestPlan> {
  const model = fluxModels[modelId];
  const { input, warnings } = dropUnsupportedCommonFields(validated, model.capabilities);
  const body: Record<string, unknown> = {};
  if (input.prompt !== undefined) body.prompt = input.prompt;
  const aspectRatio = aspectRatioOf(modelId, input, warnings);
  if (aspectRatio !== undefined) body.aspect_ratio = aspectRatio;
  Object.assign(body, dimensionsOf(modelId, input, warnings));
  const format = collect(resolveOutputFormat(input.output_format, model.capabilities), warnings);
  if (format !== undefined) body.output_format = format;
  for (const name of passedThrough) {
    const value = input[name];
    if (value !== undefined) body[name] = value;
  }
  const images = input.images ?? [];
  if (model.family === 'pro' || model.family === 'ultra') {
    if (images[0] !== undefined)
      body.image_prompt = await readImageAsBase64(images[0], ['images', 0]);
  } else {
    images.forEach((source, index) => {
      body[index === 0 ? 'input_image' : `input_image_${index + 1}`] =
        source.type === 'url' ? source.url : imageSourceBase64(source);
    });
  }
  return { body, warnings };
}
