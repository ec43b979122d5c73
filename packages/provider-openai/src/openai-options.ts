import {
  defineImageInput,
  type ImageModelV1Capabilities,
  type InputCheckContext,
  sizeSchema,
} from '@easel/core';
import { z } from 'zod';

/** The OpenAI image models Easel supports. */
export type OpenAIImageModelId = 'gpt-image-1' | 'gpt-image-1-mini' | 'gpt-image-1.5' | 'dall-e-3';

const gptImageSizes = ['1024x1024', '1536x1024', '1024x1536'] as const;
const dallE3Sizes = ['1024x1024', '1792x1024', '1024x1792'] as const;

/** Capabilities of the GPT image models (gpt-image-1, gpt-image-1-mini, gpt-image-1.5). */
const gptImageCapabilities = {
  execution: 'sync',
  maxImagesPerCall: 10,
  sizes: { type: 'list', values: gptImageSizes },
  outputFormats: ['png', 'jpeg', 'webp'],
  seed: false,
  negativePrompt: false,
  maxInputImages: 16,
  mask: true,
  promptMaxLength: 32_000,
  partialImages: true,
} as const satisfies ImageModelV1Capabilities;

/** Capabilities of dall-e-3: one image per call, its own three sizes, no edits. */
const dallE3Capabilities = {
  execution: 'sync',
  maxImagesPerCall: 1,
  sizes: { type: 'list', values: dallE3Sizes },
  outputFormats: ['png'],
  seed: false,
  negativePrompt: false,
  maxInputImages: 0,
  mask: false,
  promptMaxLength: 4000,
} as const satisfies ImageModelV1Capabilities;

const user = z
  .string()
  .min(1)
  .optional()
  .meta({ description: 'Your end-user id, for abuse monitoring.' });

/** Native fields every GPT image model takes (as named in OpenAI's API). */
const gptImageNative = {
  size: z
    .union([z.literal('auto'), sizeSchema], {
      error: `expected auto or one of ${gptImageSizes.join(', ')}`,
    })
    .optional()
    .meta({ description: `auto, ${gptImageSizes.join(', ')} (other WxH sizes are snapped).` }),
  quality: z
    .enum(['low', 'medium', 'high', 'auto'])
    .optional()
    .meta({ description: 'Rendering quality. Default auto.' }),
  moderation: z
    .enum(['low', 'auto'])
    .optional()
    .meta({ description: 'Moderation strictness. Default auto.' }),
  background: z
    .enum(['transparent', 'opaque', 'auto'])
    .optional()
    .meta({ description: 'transparent needs output_format png or webp. Default auto.' }),
  output_compression: z
    .int()
    .min(0)
    .max(100)
    .optional()
    .meta({ description: 'Compression, 0–100 %, for jpeg and webp. Default 100.' }),
  stream: z.boolean().optional().meta({ description: 'Stream partial images as progress events.' }),
  partial_images: z
    .int()
    .min(0)
    .max(3)
    .optional()
    .meta({ description: 'Partial images to stream, 0–3 (implies stream).' }),
  response_format: z.enum(['b64_json', 'url']).optional().meta({
    description:
      'Not sent: GPT image models always return base64 (accepted for compatibility, with a warning).',
  }),
  user,
};

/** `input_fidelity`, on the models that support it (gpt-image-1 and gpt-image-1.5, not mini). */
const inputFidelity = z
  .enum(['high', 'low'])
  .optional()
  .meta({ description: 'How closely edits keep the input images (edits only). Default low.' });

function checkGptImage(input: Record<string, unknown>, context: InputCheckContext): void {
  if (input.background === 'transparent' && input.output_format === 'jpeg') {
    context.addIssue({
      path: ['background'],
      message: 'a transparent background needs output_format png or webp, not jpeg',
    });
  }
}

function gptImageInput(withInputFidelity: boolean) {
  return defineImageInput({
    capabilities: gptImageCapabilities,
    native: withInputFidelity
      ? { ...gptImageNative, input_fidelity: inputFidelity }
      : gptImageNative,
    check: checkGptImage,
  });
}

const gptImageInputWithFidelity = gptImageInput(true);

/** gpt-image-1-mini: every GPT image field except `input_fidelity`. */
const gptImageMiniInput = defineImageInput({
  capabilities: gptImageCapabilities,
  native: {
    ...gptImageNative,
    input_fidelity: z
      .never({
        error:
          'gpt-image-1-mini does not support input_fidelity (gpt-image-1 and gpt-image-1.5 do)',
      })
      .optional(),
  },
  check: checkGptImage,
});

/** dall-e-3: its sizes, quality, style and response format. */
const dallE3Input = defineImageInput({
  capabilities: dallE3Capabilities,
  native: {
    size: z
      .enum(dallE3Sizes)
      .or(sizeSchema)
      .optional()
      .meta({ description: `${dallE3Sizes.join(', ')} (other WxH sizes are snapped).` }),
    quality: z
      .enum(['standard', 'hd'])
      .optional()
      .meta({ description: 'standard or hd. Default standard.' }),
    style: z
      .enum(['vivid', 'natural'])
      .optional()
      .meta({ description: 'vivid or natural. Default vivid.' }),
    response_format: z
      .enum(['url', 'b64_json'])
      .optional()
      .meta({ description: 'url (default; downloaded for you, the URL kept) or b64_json.' }),
    user,
  },
});

/** Each model: its capabilities and input schema, as data. */
export const openaiModels = {
  'gpt-image-1': {
    capabilities: gptImageCapabilities,
    inputSchema: gptImageInputWithFidelity,
    family: 'gpt-image',
  },
  'gpt-image-1-mini': {
    capabilities: gptImageCapabilities,
    inputSchema: gptImageMiniInput,
    family: 'gpt-image',
  },
  'gpt-image-1.5': {
    capabilities: gptImageCapabilities,
    inputSchema: gptImageInputWithFidelity,
    family: 'gpt-image',
  },
  'dall-e-3': { capabilities: dallE3Capabilities, inputSchema: dallE3Input, family: 'dall-e' },
} as const satisfies Record<
  OpenAIImageModelId,
  { capabilities: ImageModelV1Capabilities; inputSchema: unknown; family: string }
>;

/** The input schema of a model. */
export type OpenAIInputSchema<ID extends OpenAIImageModelId> =
  (typeof openaiModels)[ID]['inputSchema'];

/** The input of a model as callers write it. */
export type OpenAIImageInput<ID extends OpenAIImageModelId> = z.input<OpenAIInputSchema<ID>>;

/** The input of a GPT image model (gpt-image-1, gpt-image-1.5) as callers write it. */
export type OpenAIGptImageInput = OpenAIImageInput<'gpt-image-1'>;

/** The input of dall-e-3 as callers write it. */
export type OpenAIDallE3Input = OpenAIImageInput<'dall-e-3'>;
