import { defineImageInput, type ImageModelV1Capabilities, imageSourceSchema } from '@easel/core';
import { z } from 'zod';

/** Acme's models. */
export const acmeModelIds = ['acme-1', 'acme-1-lite'] as const;

/** An Acme model id. */
export type AcmeModelId = (typeof acmeModelIds)[number];

/** The values of `style`. */
export const acmeStyles = ['photo', 'illustration', 'watercolor', '3d-render'] as const;

/** A rendering style, e.g. `watercolor`. */
export type AcmeStyle = (typeof acmeStyles)[number];

/**
 * `acme-1`: up to four images per request at four pixel sizes, three formats, seed and negative
 * prompt, one reference image (image-to-image).
 */
export const acme1Capabilities = {
  execution: 'sync',
  maxImagesPerCall: 4,
  sizes: { type: 'list', values: ['512x512', '1024x1024', '1536x1024', '1024x1536'] },
  outputFormats: ['png', 'jpeg', 'webp'],
  seed: true,
  negativePrompt: true,
  maxInputImages: 1,
  mask: false,
  promptMaxLength: 2000,
} as const satisfies ImageModelV1Capabilities;

/** `acme-1-lite`: one image per request, five aspect ratios (no pixel sizes), PNG or JPEG. */
export const acmeLiteCapabilities = {
  execution: 'sync',
  maxImagesPerCall: 1,
  aspectRatios: { type: 'list', values: ['1:1', '4:3', '3:4', '16:9', '9:16'] },
  outputFormats: ['png', 'jpeg'],
  seed: false,
  negativePrompt: false,
  maxInputImages: 0,
  mask: false,
  promptMaxLength: 500,
} as const satisfies ImageModelV1Capabilities;

const style = z
  .enum(acmeStyles)
  .optional()
  .meta({ description: 'Rendering style: photo, illustration, watercolor or 3d-render.' });

/**
 * Input of `acme-1`: the common vocabulary plus Acme's own names. `num_outputs`, `avoid` and
 * `reference_image` mean `n`, `negative_prompt` and the input image, and are folded into them.
 */
export const acme1Input = defineImageInput({
  capabilities: acme1Capabilities,
  native: {
    style,
    num_outputs: z
      .int()
      .min(1)
      .max(4)
      .optional()
      .meta({ description: "Acme's name for n: images per request, 1–4." }),
    avoid: z
      .string()
      .max(2000)
      .optional()
      .meta({ description: "Acme's name for negative_prompt." }),
    reference_image: imageSourceSchema
      .optional()
      .meta({ description: "Acme's name for the input image of image-to-image." }),
    reference_strength: z.number().min(0).max(1).optional().meta({
      description: 'Image-to-image: 0 keeps the reference image, 1 ignores it. Default 0.5.',
    }),
  },
  aliases: {
    num_outputs: 'n',
    avoid: 'negative_prompt',
    reference_image: { field: 'images', index: 0 },
  },
  check(input, context) {
    const hasImage = ['image', 'images', 'reference_image'].some(name => input[name] !== undefined);
    if (input.reference_strength !== undefined && !hasImage) {
      context.addIssue({
        path: ['reference_strength'],
        message: 'reference_strength applies to image-to-image only; give an image or leave it out',
      });
    }
  },
});

/** Input of `acme-1-lite`: the common vocabulary plus `style`. */
export const acmeLiteInput = defineImageInput({
  capabilities: acmeLiteCapabilities,
  native: { style },
});

/** Each model: capabilities, input schema and path aliases, as data. */
export const acmeModels = {
  'acme-1': { capabilities: acme1Capabilities, inputSchema: acme1Input, aliases: ['Acme-One'] },
  'acme-1-lite': {
    capabilities: acmeLiteCapabilities,
    inputSchema: acmeLiteInput,
    aliases: ['Acme-One-Lite'],
  },
} as const satisfies Record<
  AcmeModelId,
  { capabilities: ImageModelV1Capabilities; inputSchema: unknown; aliases: readonly string[] }
>;

/** The input schema of a model. */
export type AcmeInputSchema<ID extends AcmeModelId> = (typeof acmeModels)[ID]['inputSchema'];

/** The input of a model as callers write it. */
export type AcmeImageInput<ID extends AcmeModelId> = z.input<AcmeInputSchema<ID>>;

/** Whether `modelId` is an Acme model id. */
export function isAcmeModelId(modelId: string): modelId is AcmeModelId {
  return (acmeModelIds as readonly string[]).includes(modelId);
}
