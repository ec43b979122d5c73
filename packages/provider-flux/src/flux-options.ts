import {
  defineImageInput,
  type ImageModelV1Capabilities,
  type InputCheckContext,
  imageSourceSchema,
} from '@easel/core';
import { z } from 'zod';

/** The FLUX models Easel supports. */
export type FluxModelId =
  | 'flux-kontext-pro'
  | 'flux-kontext-max'
  | 'flux-pro-1.1'
  | 'flux-pro-1.1-ultra'
  | 'flux-2-pro'
  | 'flux-2-max'
  | 'flux-2-flex';

/** How a family of models takes its size: a free aspect ratio, or width and height on a grid. */
export type FluxFamily = 'kontext' | 'pro' | 'ultra' | 'flux2' | 'flex';

const outputFormats = (first: 'png' | 'jpeg') =>
  (first === 'png' ? ['png', 'jpeg', 'webp'] : ['jpeg', 'png', 'webp']) as readonly (
    | 'png'
    | 'jpeg'
    | 'webp'
  )[];

const common = {
  execution: 'async',
  maxImagesPerCall: 1,
  seed: true,
  negativePrompt: false,
  mask: false,
  cancel: false,
} as const;

/** Kontext pro/max: a free aspect ratio between 21:9 and 9:21, up to 4 input images, png by default. */
const kontextCapabilities = {
  ...common,
  aspectRatios: { type: 'range', tallest: '9:21', widest: '21:9' },
  outputFormats: outputFormats('png'),
  maxInputImages: 4,
} as const satisfies ImageModelV1Capabilities;

/** FLUX 1.1 [pro]: width and height 256–1440 in multiples of 32, one Redux image prompt, jpeg by default. */
const proCapabilities = {
  ...common,
  sizes: {
    type: 'range',
    minWidth: 256,
    maxWidth: 1440,
    minHeight: 256,
    maxHeight: 1440,
    multipleOf: 32,
  },
  outputFormats: outputFormats('jpeg'),
  maxInputImages: 1,
  promptRequired: false,
} as const satisfies ImageModelV1Capabilities;

/** FLUX 1.1 [pro] Ultra: a free aspect ratio (16:9 by default), one image prompt, jpeg by default. */
const ultraCapabilities = {
  ...common,
  aspectRatios: { type: 'range', tallest: '9:21', widest: '21:9' },
  outputFormats: outputFormats('jpeg'),
  maxInputImages: 1,
  promptRequired: false,
} as const satisfies ImageModelV1Capabilities;

/** FLUX.2: width and height in multiples of 16, at least 64, at most 4 megapixels; up to 8 input images. */
const flux2Capabilities = {
  ...common,
  sizes: {
    type: 'range',
    minWidth: 64,
    maxWidth: 4096,
    minHeight: 64,
    maxHeight: 4096,
    multipleOf: 16,
    maxPixels: 4_194_304,
  },
  outputFormats: outputFormats('jpeg'),
  maxInputImages: 8,
} as const satisfies ImageModelV1Capabilities;

const webhook = {
  webhook_url: z
    .url()
    .max(2083)
    .optional()
    .meta({ description: 'BFL posts the result here; the job is then not polled.' }),
  webhook_secret: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Secret BFL signs webhook calls with.' }),
};
const promptUpsampling = z
  .boolean()
  .optional()
  .meta({ description: 'Let BFL rewrite the prompt for more creative results.' });
const safetyTolerance = (maximum: number) =>
  z
    .int()
    .min(0)
    .max(maximum)
    .optional()
    .meta({ description: `Moderation tolerance, 0 (strict) to ${maximum}. Default 2.` });
const grid = (minimum: number, maximum: number, multiple: number) =>
  z
    .int()
    .min(minimum)
    .max(maximum)
    .multipleOf(multiple, { error: `must be a multiple of ${multiple}` })
    .optional();
const inputImage = (index: number) =>
  imageSourceSchema
    .optional()
    .meta({ description: `Input image ${index} (URL, data URI or base64).` });

function checkSizes(input: Record<string, unknown>, context: InputCheckContext): void {
  const explicit = input.width !== undefined || input.height !== undefined;
  if (explicit && input.size !== undefined) {
    context.addIssue({ path: ['size'], message: 'give either size or width and height, not both' });
  }
  if (explicit && input.aspect_ratio !== undefined) {
    context.addIssue({
      path: ['aspect_ratio'],
      message: 'give either aspect_ratio or width and height, not both',
    });
  }
}

function checkFlux2Area(input: Record<string, unknown>, context: InputCheckContext): void {
  checkSizes(input, context);
  const { width, height } = input as { width?: number; height?: number };
  if (
    width !== undefined &&
    height !== undefined &&
    width * height > flux2Capabilities.sizes.maxPixels
  ) {
    context.addIssue({
      path: ['width'],
      message: `width × height must be at most 4 megapixels (4194304 pixels), received ${width}x${height}`,
    });
  }
}

function checkPromptOrImage(input: Record<string, unknown>, context: InputCheckContext): void {
  checkSizes(input, context);
  if (
    input.prompt === undefined &&
    input.image === undefined &&
    input.images === undefined &&
    input.image_prompt === undefined
  ) {
    context.addIssue({ path: ['prompt'], message: 'give a prompt, an image prompt, or both' });
  }
}

const kontextInput = defineImageInput({
  capabilities: kontextCapabilities,
  native: {
    input_image: inputImage(1),
    input_image_2: inputImage(2),
    input_image_3: inputImage(3),
    input_image_4: inputImage(4),
    prompt_upsampling: promptUpsampling,
    safety_tolerance: safetyTolerance(6),
    ...webhook,
  },
  aliases: {
    input_image: { field: 'images', index: 0 },
    input_image_2: { field: 'images', index: 1 },
    input_image_3: { field: 'images', index: 2 },
    input_image_4: { field: 'images', index: 3 },
  },
});

const proInput = defineImageInput({
  capabilities: proCapabilities,
  native: {
    width: grid(256, 1440, 32).meta({
      description: 'Width, 256–1440, a multiple of 32. Default 1024.',
    }),
    height: grid(256, 1440, 32).meta({
      description: 'Height, 256–1440, a multiple of 32. Default 768.',
    }),
    image_prompt: imageSourceSchema
      .optional()
      .meta({ description: 'An image to remix (Flux Redux).' }),
    prompt_upsampling: promptUpsampling,
    safety_tolerance: safetyTolerance(6),
    ...webhook,
  },
  aliases: { image_prompt: { field: 'images', index: 0 } },
  check: checkPromptOrImage,
});

const ultraInput = defineImageInput({
  capabilities: ultraCapabilities,
  native: {
    raw: z
      .boolean()
      .optional()
      .meta({ description: 'Less processed, more natural-looking images.' }),
    image_prompt: imageSourceSchema.optional().meta({ description: 'An image to remix.' }),
    image_prompt_strength: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta({ description: 'Blend between prompt and image prompt, 0–1. Default 0.1.' }),
    prompt_upsampling: promptUpsampling,
    safety_tolerance: safetyTolerance(6),
    ...webhook,
  },
  aliases: { image_prompt: { field: 'images', index: 0 } },
  check: checkPromptOrImage,
});

const flux2Images = {
  input_image: inputImage(1),
  input_image_2: inputImage(2),
  input_image_3: inputImage(3),
  input_image_4: inputImage(4),
  input_image_5: inputImage(5),
  input_image_6: inputImage(6),
  input_image_7: inputImage(7),
  input_image_8: inputImage(8),
};
const flux2Aliases = {
  input_image: { field: 'images', index: 0 },
  input_image_2: { field: 'images', index: 1 },
  input_image_3: { field: 'images', index: 2 },
  input_image_4: { field: 'images', index: 3 },
  input_image_5: { field: 'images', index: 4 },
  input_image_6: { field: 'images', index: 5 },
  input_image_7: { field: 'images', index: 6 },
  input_image_8: { field: 'images', index: 7 },
} as const;
const flux2Native = {
  ...flux2Images,
  width: grid(64, 4096, 16).meta({
    description: 'Width, a multiple of 16, at least 64; width × height ≤ 4 MP.',
  }),
  height: grid(64, 4096, 16).meta({
    description: 'Height, a multiple of 16, at least 64; width × height ≤ 4 MP.',
  }),
  safety_tolerance: safetyTolerance(5),
  ...webhook,
};

const flux2Input = defineImageInput({
  capabilities: flux2Capabilities,
  native: flux2Native,
  aliases: flux2Aliases,
  check: checkFlux2Area,
});

const flexInput = defineImageInput({
  capabilities: flux2Capabilities,
  native: {
    ...flux2Native,
    prompt_upsampling: promptUpsampling,
    steps: z
      .int()
      .min(1)
      .max(50)
      .optional()
      .meta({ description: 'Sampling steps, 1–50. Default 50.' }),
    guidance: z
      .number()
      .min(1.5)
      .max(10)
      .optional()
      .meta({ description: 'Guidance, 1.5–10. Default 5.' }),
  },
  aliases: flux2Aliases,
  check: checkFlux2Area,
});

/** Each model: its endpoint, family, capabilities, input schema and aliases, as data. */
export const fluxModels = {
  'flux-kontext-pro': {
    endpoint: 'flux-kontext-pro',
    family: 'kontext',
    capabilities: kontextCapabilities,
    inputSchema: kontextInput,
    aliases: ['FLUX.1-Kontext-pro', 'black-forest-labs/flux-kontext-pro'],
  },
  'flux-kontext-max': {
    endpoint: 'flux-kontext-max',
    family: 'kontext',
    capabilities: kontextCapabilities,
    inputSchema: kontextInput,
    aliases: ['FLUX.1-Kontext-max', 'black-forest-labs/flux-kontext-max'],
  },
  'flux-pro-1.1': {
    endpoint: 'flux-pro-1.1',
    family: 'pro',
    capabilities: proCapabilities,
    inputSchema: proInput,
    aliases: ['FLUX-1.1-pro', 'black-forest-labs/flux-pro-1.1'],
  },
  'flux-pro-1.1-ultra': {
    endpoint: 'flux-pro-1.1-ultra',
    family: 'ultra',
    capabilities: ultraCapabilities,
    inputSchema: ultraInput,
    aliases: ['FLUX-1.1-pro-ultra', 'black-forest-labs/flux-pro-1.1-ultra'],
  },
  'flux-2-pro': {
    endpoint: 'flux-2-pro',
    family: 'flux2',
    capabilities: flux2Capabilities,
    inputSchema: flux2Input,
    aliases: ['black-forest-labs/flux-2-pro'],
  },
  'flux-2-max': {
    endpoint: 'flux-2-max',
    family: 'flux2',
    capabilities: flux2Capabilities,
    inputSchema: flux2Input,
    aliases: ['black-forest-labs/flux-2-max'],
  },
  'flux-2-flex': {
    endpoint: 'flux-2-flex',
    family: 'flex',
    capabilities: flux2Capabilities,
    inputSchema: flexInput,
    aliases: ['black-forest-labs/flux-2-flex'],
  },
} as const satisfies Record<
  FluxModelId,
  {
    endpoint: string;
    family: FluxFamily;
    capabilities: ImageModelV1Capabilities;
    inputSchema: unknown;
    aliases: readonly string[];
  }
>;

/** The input schema of a model. */
export type FluxInputSchema<ID extends FluxModelId> = (typeof fluxModels)[ID]['inputSchema'];

/** The input of a model as callers write it. */
export type FluxImageInput<ID extends FluxModelId> = z.input<FluxInputSchema<ID>>;

/** The input of Kontext pro/max as callers write it. */
export type FluxKontextInput = FluxImageInput<'flux-kontext-pro'>;
