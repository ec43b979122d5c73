import {
  type AspectRatioString,
  defineImageInput,
  type ImageModelV1Capabilities,
  type ImageSizeString,
  maximumImageCount,
} from '@easel/core';
import { z } from 'zod';

/**
 * Which Google API serves the requests: `gemini` (the Gemini Developer API,
 * generativelanguage.googleapis.com, API key) or `vertex` (Vertex AI, OAuth access token).
 */
export type ImagenApi = 'gemini' | 'vertex';

/** Every Imagen model id this package knows, current and retired. */
export const imagenModelIds = [
  'imagen-3.0-generate-002',
  'imagen-4.0-generate-001',
  'imagen-4.0-ultra-generate-001',
  'imagen-4.0-fast-generate-001',
  'imagen-4.0-fast-generate-preview-06-06',
  'imagen-4.0-ultra-generate-preview-06-06',
  'imagen-4.0-generate-preview-06-06',
  'imagen-4.0-ultra-generate-exp-05-20',
  'imagen-4.0-generate-preview-05-20',
] as const;

/** An Imagen model id, e.g. `imagen-4.0-generate-001`. */
export type ImagenModelId = (typeof imagenModelIds)[number];

/** An aspect ratio Imagen renders: `1:1` (default), `3:4`, `4:3`, `9:16`, `16:9`. */
export type ImagenAspectRatio = '1:1' | '3:4' | '4:3' | '9:16' | '16:9';

/** A resolution of Imagen 4 Standard and Ultra: `1K` (default) or `2K`. */
export type ImagenImageSize = '1K' | '2K';

/** `image/png` (default) or `image/jpeg`. */
export type ImagenOutputMimeType = 'image/png' | 'image/jpeg';

/** Whether people may be drawn. Upper-case (the SDK's enum) is accepted too. */
export type ImagenPersonGeneration =
  | 'dont_allow'
  | 'allow_adult'
  | 'allow_all'
  | 'DONT_ALLOW'
  | 'ALLOW_ADULT'
  | 'ALLOW_ALL';

/** How strictly Google's safety filter blocks. Upper-case (the SDK's enum) is accepted too. */
export type ImagenSafetyFilterLevel =
  | 'block_low_and_above'
  | 'block_medium_and_above'
  | 'block_only_high'
  | 'block_none'
  | 'BLOCK_LOW_AND_ABOVE'
  | 'BLOCK_MEDIUM_AND_ABOVE'
  | 'BLOCK_ONLY_HIGH'
  | 'BLOCK_NONE';

/** What sets one Imagen model apart from another, as data. */
export interface ImagenModelSpec {
  /** The model family. */
  readonly family: 'imagen-3' | 'imagen-4' | 'imagen-4-ultra' | 'imagen-4-fast';
  /** Release stage: `ga` ids are the ones to move to when a preview id is retired. */
  readonly stage: 'ga' | 'preview' | 'experimental';
  /** Images one request returns (Ultra answers one per call; the hub fans out beyond). */
  readonly maxImagesPerCall: number;
  /** Resolutions `imageSize` accepts; `['1K']` alone means the model has no `imageSize`. */
  readonly imageSizes: readonly ImagenImageSize[];
}

const imagen3 = { family: 'imagen-3', maxImagesPerCall: 4, imageSizes: ['1K'] } as const;
const imagen4 = { family: 'imagen-4', maxImagesPerCall: 4, imageSizes: ['1K', '2K'] } as const;
const imagen4Ultra = {
  family: 'imagen-4-ultra',
  maxImagesPerCall: 1,
  imageSizes: ['1K', '2K'],
} as const;
const imagen4Fast = { family: 'imagen-4-fast', maxImagesPerCall: 4, imageSizes: ['1K'] } as const;

/** Every model and what sets it apart. */
export const imagenModels: Readonly<Record<ImagenModelId, ImagenModelSpec>> = {
  'imagen-3.0-generate-002': { ...imagen3, stage: 'ga' },
  'imagen-4.0-generate-001': { ...imagen4, stage: 'ga' },
  'imagen-4.0-ultra-generate-001': { ...imagen4Ultra, stage: 'ga' },
  'imagen-4.0-fast-generate-001': { ...imagen4Fast, stage: 'ga' },
  'imagen-4.0-fast-generate-preview-06-06': { ...imagen4Fast, stage: 'preview' },
  'imagen-4.0-ultra-generate-preview-06-06': { ...imagen4Ultra, stage: 'preview' },
  'imagen-4.0-generate-preview-06-06': { ...imagen4, stage: 'preview' },
  'imagen-4.0-ultra-generate-exp-05-20': { ...imagen4Ultra, stage: 'experimental' },
  'imagen-4.0-generate-preview-05-20': { ...imagen4, stage: 'preview' },
};

/** The aspect ratios every Imagen model renders, default first. */
export const imagenAspectRatios = [
  '1:1',
  '3:4',
  '4:3',
  '9:16',
  '16:9',
] as const satisfies readonly ImagenAspectRatio[];

/**
 * Pixel size of each aspect ratio at each resolution, as Google documents them (Vertex AI image
 * generation reference). The ratios are buckets, not exact: `3:4` is 896×1280.
 */
export const imagenOutputSizes = {
  '1K': {
    '1:1': '1024x1024',
    '3:4': '896x1280',
    '4:3': '1280x896',
    '9:16': '768x1408',
    '16:9': '1408x768',
  },
  '2K': {
    '1:1': '2048x2048',
    '3:4': '1792x2560',
    '4:3': '2560x1792',
    '9:16': '1536x2816',
    '16:9': '2816x1536',
  },
} as const satisfies Record<ImagenImageSize, Record<ImagenAspectRatio, ImageSizeString>>;

/**
 * Longest prompt, in characters. Google documents 480 tokens; at about four characters per token
 * of English text that is 1920 characters. Prompts in other scripts can reach 480 tokens sooner:
 * Google then answers 400, which becomes an `InvalidInputError` with its message.
 */
export const imagenPromptMaxLength = 1920;

/** Models whose `imageSize` accepts `2K`. */
export const imagenModelsWithImageSize: readonly ImagenModelId[] = imagenModelIds.filter(
  modelId => imagenModels[modelId].imageSizes.length > 1,
);

/** Native fields that only Vertex AI accepts and that have no common equivalent. */
export const vertexOnlyFields = ['addWatermark', 'enhancePrompt'] as const;

/** Pixel sizes of a model, 1K first. */
function outputSizesOf(spec: ImagenModelSpec): ImageSizeString[] {
  return spec.imageSizes.flatMap(imageSize =>
    imagenAspectRatios.map(ratio => imagenOutputSizes[imageSize][ratio]),
  );
}

/** Whether `modelId` is one of the Imagen model ids. */
export function isImagenModelId(modelId: string): modelId is ImagenModelId {
  return (imagenModelIds as readonly string[]).includes(modelId);
}

/** Which aspect ratio and resolution render `size`, when it is one of Imagen's pixel sizes. */
export function imagenShapeOfSize(
  size: string,
): { aspectRatio: ImagenAspectRatio; imageSize: ImagenImageSize } | undefined {
  for (const imageSize of ['1K', '2K'] as const) {
    for (const aspectRatio of imagenAspectRatios) {
      if (imagenOutputSizes[imageSize][aspectRatio] === size) return { aspectRatio, imageSize };
    }
  }
  return undefined;
}

const capabilitiesCache = new Map<string, ImageModelV1Capabilities>();

/**
 * Capabilities of a model on an API, as data. Seed and negative prompt exist only on Vertex AI,
 * so they depend on the API a provider instance uses.
 */
export function imagenCapabilities(
  modelId: ImagenModelId,
  api: ImagenApi,
): ImageModelV1Capabilities {
  const key = `${api}:${modelId}`;
  let capabilities = capabilitiesCache.get(key);
  if (capabilities === undefined) {
    const spec = imagenModels[modelId];
    capabilities = Object.freeze({
      execution: 'sync',
      maxImagesPerCall: spec.maxImagesPerCall,
      sizes: { type: 'list', values: outputSizesOf(spec) },
      aspectRatios: { type: 'list', values: [...imagenAspectRatios] as AspectRatioString[] },
      outputFormats: ['png', 'jpeg'],
      seed: api === 'vertex',
      negativePrompt: api === 'vertex',
      maxInputImages: 0,
      mask: false,
      promptMaxLength: imagenPromptMaxLength,
    } satisfies ImageModelV1Capabilities);
    capabilitiesCache.set(key, capabilities);
  }
  return capabilities;
}

/** The native fields: the `@google/genai` `GenerateImagesConfig` names that Aihubmix users send. */
const imagenNativeShape = {
  numberOfImages: z
    .int()
    .min(1)
    .max(maximumImageCount)
    .optional()
    .meta({ description: 'Same as n (SDK name); sent as parameters.sampleCount.' }),
  aspectRatio: z
    .enum(imagenAspectRatios)
    .optional()
    .meta({ description: 'Same as aspect_ratio (SDK name), one of Imagen’s five ratios.' }),
  imageSize: z
    .enum(['1K', '2K'])
    .optional()
    .meta({
      description: `Resolution, 1K (default) or 2K; Imagen 4 Standard and Ultra only (${imagenModelsWithImageSize.join(', ')}). Sent as parameters.sampleImageSize.`,
    }),
  outputMimeType: z
    .enum(['image/png', 'image/jpeg'])
    .optional()
    .meta({ description: 'Same as output_format (SDK name): image/png (default) or image/jpeg.' }),
  outputCompressionQuality: z
    .int()
    .min(0)
    .max(100)
    .optional()
    .meta({ description: 'JPEG quality 0–100; only with JPEG output.' }),
  personGeneration: z
    .enum(['dont_allow', 'allow_adult', 'allow_all', 'DONT_ALLOW', 'ALLOW_ADULT', 'ALLOW_ALL'])
    .optional()
    .meta({
      description:
        'Whether people may be drawn: dont_allow, allow_adult (Google’s default), allow_all (not allowed in the EU, UK, CH and MENA).',
    }),
  safetyFilterLevel: z
    .enum([
      'block_low_and_above',
      'block_medium_and_above',
      'block_only_high',
      'block_none',
      'BLOCK_LOW_AND_ABOVE',
      'BLOCK_MEDIUM_AND_ABOVE',
      'BLOCK_ONLY_HIGH',
      'BLOCK_NONE',
    ])
    .optional()
    .meta({
      description:
        'Safety filter threshold (sent as parameters.safetySetting); block_none is restricted by Google.',
    }),
  negativePrompt: z
    .string()
    .optional()
    .meta({ description: 'Same as negative_prompt (SDK name); Vertex AI only.' }),
  addWatermark: z.boolean().optional().meta({
    description:
      'Add the SynthID watermark (Google’s default: true). Vertex AI only; the Gemini API always watermarks.',
  }),
  enhancePrompt: z.boolean().optional().meta({
    description: 'Let Google rewrite the prompt (returned as revisedPrompt). Vertex AI only.',
  }),
  includeRaiReason: z.boolean().optional().meta({
    description: 'Report why an image was filtered. Easel sends true unless you set false.',
  }),
  includeSafetyAttributes: z.boolean().optional().meta({
    description: 'Return safety scores of the images and the prompt (in providerMetadata).',
  }),
  language: z.string().min(1).optional().meta({
    description: 'Language of the prompt: auto, en, es, hi, ja, ko, pt, zh, zh-CN, zh-TW, …',
  }),
  guidanceScale: z
    .number()
    .optional()
    .meta({ description: 'How closely to follow the prompt; higher is closer.' }),
};

const imagenAliases = {
  numberOfImages: 'n',
  aspectRatio: 'aspect_ratio',
  negativePrompt: 'negative_prompt',
  outputMimeType: {
    field: 'output_format',
    convert: (mimeType: ImagenOutputMimeType) => (mimeType === 'image/jpeg' ? 'jpeg' : 'png'),
  },
} as const;

function buildImagenInput(modelId: ImagenModelId, api: ImagenApi) {
  const spec = imagenModels[modelId];
  return defineImageInput({
    capabilities: imagenCapabilities(modelId, api),
    native: imagenNativeShape,
    aliases: imagenAliases,
    check(input, context) {
      if (api === 'gemini') {
        for (const field of vertexOnlyFields) {
          if (input[field] === undefined) continue;
          context.addIssue({
            path: [field],
            message: `${field} works only on Vertex AI, and this provider uses the Gemini API (which always adds a SynthID watermark and never rewrites prompts); create the provider with createImagen({ vertex: { project, location, accessToken } }) to use it, or leave ${field} out`,
          });
        }
      }
      if (input.imageSize !== undefined && !spec.imageSizes.includes(input.imageSize as never)) {
        context.addIssue({
          path: ['imageSize'],
          message: `${modelId} renders at 1K only and has no imageSize; imageSize works on ${imagenModelsWithImageSize.join(', ')}`,
        });
      }
    },
  });
}

/** The input schema of an Imagen model. */
export type ImagenInputSchema = ReturnType<typeof buildImagenInput>;

/** An Imagen model's input as callers write it: the common vocabulary plus the SDK names. */
export type ImagenImageInput = z.input<ImagenInputSchema>;

/** An Imagen model's input after validation: aliases folded into the common names. */
export type ImagenValidatedInput = z.output<ImagenInputSchema>;

const inputCache = new Map<string, ImagenInputSchema>();

/**
 * The input schema of a model on an API (native SDK names plus the common vocabulary, strict).
 * On the Gemini API it refuses the Vertex-only `addWatermark` and `enhancePrompt`.
 */
export function imagenInput(modelId: ImagenModelId, api: ImagenApi): ImagenInputSchema {
  const key = `${api}:${modelId}`;
  let schema = inputCache.get(key);
  if (schema === undefined) {
    schema = buildImagenInput(modelId, api);
    inputCache.set(key, schema);
  }
  return schema;
}
