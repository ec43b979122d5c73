import { defineImageInput, type ImageModelV1Capabilities } from '@easel/core';
import { z } from 'zod';

/**
 * Capabilities of the reference models, as data. `ref-sync` answers in the request (up to four
 * images, fixed sizes, edits with a mask); `ref-async` runs jobs that are polled (aspect ratios).
 */
export const referenceCapabilities = {
  'ref-sync': {
    execution: 'sync',
    maxImagesPerCall: 4,
    sizes: { type: 'list', values: ['512x512', '1024x1024', '1536x1024', '1024x1536'] },
    outputFormats: ['png', 'jpeg', 'webp'],
    seed: true,
    negativePrompt: true,
    maxInputImages: 1,
    mask: true,
    promptMaxLength: 1000,
  },
  'ref-async': {
    execution: 'async',
    maxImagesPerCall: 1,
    aspectRatios: { type: 'list', values: ['1:1', '16:9', '9:16', '4:3', '3:4'] },
    outputFormats: ['png', 'webp'],
    seed: false,
    negativePrompt: false,
    maxInputImages: 0,
    mask: false,
    promptMaxLength: 1000,
    cancel: true,
  },
} as const satisfies Record<string, ImageModelV1Capabilities>;

/** Input of `ref-sync`: the common vocabulary plus `quality` and `count` (an alias of `n`). */
export const referenceSyncInput = defineImageInput({
  capabilities: referenceCapabilities['ref-sync'],
  native: {
    quality: z
      .enum(['draft', 'standard', 'high'])
      .optional()
      .meta({ description: 'Rendering quality.' }),
    count: z.int().min(1).max(16).optional().meta({ description: 'Same as n.' }),
  },
  aliases: { count: 'n' },
});

/** Input of `ref-async`: the common vocabulary plus `priority`. */
export const referenceAsyncInput = defineImageInput({
  capabilities: referenceCapabilities['ref-async'],
  native: {
    priority: z.enum(['low', 'normal', 'high']).optional().meta({ description: 'Queue priority.' }),
  },
});

/** Input of `ref-sync` as callers write it. */
export type ReferenceSyncInput = z.input<typeof referenceSyncInput>;
/** Input of `ref-async` as callers write it. */
export type ReferenceAsyncInput = z.input<typeof referenceAsyncInput>;
