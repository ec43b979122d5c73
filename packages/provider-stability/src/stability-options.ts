import {
  type AspectRatioString,
  defineImageInput,
  type ImageModelV1Capabilities,
} from '@easel/core';
import { z } from 'zod';

/**
 * The Stable Diffusion 3.5 models, under the paths the unified API's documentation uses
 * (`stability/Stable-Diffusion-3-5-Large`).
 */
export const stabilityModelIds = [
  'Stable-Diffusion-3-5-Large',
  'Stable-Diffusion-3-5-Large-Turbo',
  'Stable-Diffusion-3-5-Medium',
  'Stable-Diffusion-3-5-Flash',
] as const;

/** A Stability model id, e.g. `Stable-Diffusion-3-5-Large`. */
export type StabilityModelId = (typeof stabilityModelIds)[number];

/** The `model` form field of each model: `sd3.5-large`, `sd3.5-large-turbo`, `sd3.5-medium`, `sd3.5-flash`. */
export type StabilityWireModel =
  | 'sd3.5-large'
  | 'sd3.5-large-turbo'
  | 'sd3.5-medium'
  | 'sd3.5-flash';

/** What sets one Stability model apart from another, as data. */
export interface StabilityModelSpec {
  /** The `model` form field; also an alias of the model's path. */
  readonly wireModel: StabilityWireModel;
  /** Credits one image costs (Stability's price list), reported as `usage.cost`. */
  readonly credits: number;
  /** The `cfg_scale` Stability applies when none is sent. */
  readonly defaultCfgScale: number;
  /**
   * The `strength` Easel sends when an input image comes without one (Stability requires it in
   * image-to-image and has no default of its own).
   */
  readonly defaultStrength: number;
}

/**
 * Every model and what sets it apart. `defaultStrength`: 0.6 is the default of the reference
 * SD3 image-to-image pipeline (diffusers' `StableDiffusion3Img2ImgPipeline`); Flash works best at
 * 0.94–0.97 (reference/providers.md §3.1), hence 0.95.
 */
export const stabilityModels = {
  'Stable-Diffusion-3-5-Large': {
    wireModel: 'sd3.5-large',
    credits: 6.5,
    defaultCfgScale: 4,
    defaultStrength: 0.6,
  },
  'Stable-Diffusion-3-5-Large-Turbo': {
    wireModel: 'sd3.5-large-turbo',
    credits: 4,
    defaultCfgScale: 1,
    defaultStrength: 0.6,
  },
  'Stable-Diffusion-3-5-Medium': {
    wireModel: 'sd3.5-medium',
    credits: 3.5,
    defaultCfgScale: 4,
    defaultStrength: 0.6,
  },
  'Stable-Diffusion-3-5-Flash': {
    wireModel: 'sd3.5-flash',
    credits: 2.5,
    defaultCfgScale: 1,
    defaultStrength: 0.95,
  },
} as const satisfies Record<StabilityModelId, StabilityModelSpec>;

/** The `model` form field values, in the order of `stabilityModelIds`. */
export const stabilityWireModels = stabilityModelIds.map(
  modelId => stabilityModels[modelId].wireModel,
);

/** The nine aspect ratios Stability renders in text-to-image, widest first. */
export const stabilityAspectRatios = [
  '21:9',
  '16:9',
  '3:2',
  '5:4',
  '1:1',
  '4:5',
  '2:3',
  '9:16',
  '9:21',
] as const satisfies readonly AspectRatioString[];

/** An aspect ratio Stability renders. */
export type StabilityAspectRatio = (typeof stabilityAspectRatios)[number];

/** The 17 values of `style_preset`. */
export const stabilityStylePresets = [
  'enhance',
  'anime',
  'photographic',
  'digital-art',
  'comic-book',
  'fantasy-art',
  'line-art',
  'analog-film',
  'neon-punk',
  'isometric',
  'low-poly',
  'origami',
  'modeling-compound',
  'cinematic',
  '3d-model',
  'pixel-art',
  'tile-texture',
] as const;

/** A style preset, e.g. `photographic`. */
export type StabilityStylePreset = (typeof stabilityStylePresets)[number];

/** Largest `seed` Stability accepts (0 means a random seed). */
export const stabilityMaxSeed = 4_294_967_294;

/** Longest prompt and negative prompt, in characters. */
export const stabilityPromptMaxLength = 10_000;

/** Largest request body Stability accepts, in bytes (10 MiB). */
export const stabilityMaxRequestBytes = 10 * 1024 * 1024;

/** Smallest side of an input image, in pixels. */
export const stabilityMinInputImageSide = 64;

/**
 * What every SD3.5 model accepts, as data: one synchronous image per request, nine aspect ratios
 * (no pixel sizes), three formats, seed and negative prompt, one input image (image-to-image), no
 * mask. The models differ in price and defaults only (see `stabilityModels`).
 */
export const stabilityCapabilities = {
  execution: 'sync',
  maxImagesPerCall: 1,
  aspectRatios: { type: 'list', values: stabilityAspectRatios },
  outputFormats: ['png', 'jpeg', 'webp'],
  seed: true,
  negativePrompt: true,
  maxInputImages: 1,
  mask: false,
  promptMaxLength: stabilityPromptMaxLength,
} as const satisfies ImageModelV1Capabilities;

function nativeShape(spec: StabilityModelSpec) {
  return {
    mode: z.enum(['text-to-image', 'image-to-image']).optional().meta({
      description:
        'text-to-image or image-to-image. Default: image-to-image when an image is given, else text-to-image.',
    }),
    strength: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta({
        description: `Image-to-image only: how far to move away from the input image, 0 (copy it) to 1 (ignore it). Default here: ${spec.defaultStrength} (Stability requires a value and has no default).`,
      }),
    model: z
      .enum(stabilityWireModels)
      .optional()
      .meta({
        description: `Stability's model name; the path chooses the model, so only ${spec.wireModel} is accepted here.`,
      }),
    seed: z
      .int()
      .min(0)
      .max(stabilityMaxSeed)
      .optional()
      .meta({ description: `Seed, 0–${stabilityMaxSeed}; 0 (Stability's default) is random.` }),
    negative_prompt: z
      .string()
      .max(stabilityPromptMaxLength)
      .optional()
      .meta({ description: 'What to avoid, up to 10000 characters.' }),
    style_preset: z
      .enum(stabilityStylePresets)
      .optional()
      .meta({ description: `Style preset: ${stabilityStylePresets.join(', ')}.` }),
    cfg_scale: z
      .number()
      .min(1)
      .max(10)
      .optional()
      .meta({
        description: `How strictly to follow the prompt, 1–10. Default ${spec.defaultCfgScale} for ${spec.wireModel}.`,
      }),
    strict_moderation: z.boolean().optional().meta({
      description:
        'Easel option, not sent: when Stability blurs the result (finish reason CONTENT_FILTERED), fail with ContentFilteredError instead of returning the blurred image with a warning. Default: the strictModeration setting (false).',
    }),
  };
}

function buildStabilityInput(modelId: StabilityModelId) {
  const spec: StabilityModelSpec = stabilityModels[modelId];
  return defineImageInput({
    capabilities: stabilityCapabilities,
    native: nativeShape(spec),
    check(input, context) {
      const hasImage = input.image !== undefined || input.images !== undefined;
      if (input.model !== undefined && input.model !== spec.wireModel) {
        context.addIssue({
          path: ['model'],
          message: `this path is ${spec.wireModel}; choose ${String(input.model)} by its path (stability/${String(input.model)}) or leave model out`,
        });
      }
      if (hasImage) {
        for (const field of ['aspect_ratio', 'size'] as const) {
          if (input[field] === undefined) continue;
          context.addIssue({
            path: [field],
            message: `${field} applies to text-to-image only: in image-to-image the output takes the shape of the input image; leave ${field} out or the image`,
          });
        }
        if (input.mode === 'text-to-image') {
          context.addIssue({
            path: ['mode'],
            message:
              'mode text-to-image takes no input image; use image-to-image (or leave mode out) or leave the image out',
          });
        }
      } else if (input.mode === 'image-to-image') {
        context.addIssue({
          path: ['image'],
          message: 'mode image-to-image needs an input image (image)',
        });
      }
    },
  });
}

/** The input schema of a Stability model. */
export type StabilityInputSchema = ReturnType<typeof buildStabilityInput>;

/** A Stability model's input as callers write it: Stability's form fields plus the common vocabulary. */
export type StabilityImageInput = z.input<StabilityInputSchema>;

/** A Stability model's input after validation (`image` folded into `images`). */
export type StabilityValidatedInput = z.output<StabilityInputSchema>;

const inputSchemas = new Map<StabilityModelId, StabilityInputSchema>();

/**
 * The input schema of a model: the common vocabulary plus Stability's form fields (`mode`,
 * `strength`, `model`, `style_preset`, `cfg_scale`) and the Easel option `strict_moderation`,
 * strict. `aspect_ratio` and `size` are refused with an input image, as is a `mode` that
 * contradicts the presence of one.
 */
export function stabilityInput(modelId: StabilityModelId): StabilityInputSchema {
  let schema = inputSchemas.get(modelId);
  if (schema === undefined) {
    schema = buildStabilityInput(modelId);
    inputSchemas.set(modelId, schema);
  }
  return schema;
}

/** Whether `modelId` is one of the Stability model ids. */
export function isStabilityModelId(modelId: string): modelId is StabilityModelId {
  return (stabilityModelIds as readonly string[]).includes(modelId);
}
