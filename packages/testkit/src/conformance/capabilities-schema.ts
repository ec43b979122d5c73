import { z } from 'zod';

const size = z.string().regex(/^[1-9]\d*x[1-9]\d*$/, 'a size like 1024x1024');
const ratio = z.string().regex(/^[1-9]\d*(\.\d+)?:[1-9]\d*(\.\d+)?$/, 'a ratio like 16:9');

/** What a valid `ImageModelV1Capabilities` object looks like. */
export const capabilitiesSchema = z
  .object({
    execution: z.enum(['sync', 'async']),
    maxImagesPerCall: z.int().min(1),
    sizes: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('list'), values: z.array(size).min(1) }),
        z.object({
          type: z.literal('range'),
          minWidth: z.int().min(1),
          maxWidth: z.int().min(1),
          minHeight: z.int().min(1),
          maxHeight: z.int().min(1),
          multipleOf: z.int().min(1),
          maxPixels: z.int().min(1).optional(),
        }),
      ])
      .optional(),
    aspectRatios: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('list'), values: z.array(ratio).min(1) }),
        z.object({ type: z.literal('range'), tallest: ratio, widest: ratio }),
      ])
      .optional(),
    outputFormats: z.array(z.enum(['png', 'jpeg', 'webp'])).min(1),
    seed: z.boolean(),
    negativePrompt: z.boolean(),
    maxInputImages: z.int().min(0),
    mask: z.boolean(),
    promptRequired: z.boolean().optional(),
    promptMaxLength: z.int().min(1).optional(),
    partialImages: z.boolean().optional(),
    cancel: z.boolean().optional(),
  })
  .strict();
