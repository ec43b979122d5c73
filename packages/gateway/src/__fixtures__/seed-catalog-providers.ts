import {
  defineImageInput,
  type ImageModelV1,
  type ImageModelV1Capabilities,
  type ImageProviderV1,
} from '@easel/core';
import { synthesizeImage } from '@easel/testkit';
import { z } from 'zod';

/** A call received by a seed-catalog stand-in. */
export interface StandInCall {
  readonly model: string;
  readonly input: Readonly<Record<string, unknown>>;
}

const capabilities = {
  execution: 'sync',
  maxImagesPerCall: 4,
  outputFormats: ['png'],
  seed: false,
  negativePrompt: false,
  maxInputImages: 0,
  mask: false,
} as const satisfies ImageModelV1Capabilities;

function standIn(
  provider: string,
  modelId: string,
  aliases: readonly string[],
  native: z.ZodRawShape,
  calls: StandInCall[],
): ImageModelV1 {
  return {
    specificationVersion: 'v1',
    provider,
    modelId,
    aliases,
    capabilities,
    inputSchema: defineImageInput({ capabilities, native }),
    async doGenerate(options) {
      const input = options.input as Record<string, unknown>;
      calls.push({ model: `${provider}/${modelId}`, input });
      const count = typeof input.n === 'number' ? input.n : 1;
      return {
        images: Array.from({ length: count }, (_, index) => ({
          data: synthesizeImage({
            width: 64,
            height: 64,
            format: 'png',
            seed: index,
            prompt: String(input.prompt),
          }),
          mediaType: 'image/png',
        })),
        warnings: [],
        response: { modelId, timestamp: new Date() },
      };
    },
  };
}

function provider(id: string, models: readonly ImageModelV1[]): ImageProviderV1<object> {
  return {
    specificationVersion: 'v1',
    id,
    modelIds: models.map(model => model.modelId),
    imageModel: modelId => {
      const model = models.find(candidate => candidate.modelId === modelId);
      if (model === undefined) throw new Error(`no model ${modelId}`);
      return model;
    },
  };
}

/**
 * Stand-ins for the Ideogram, Stability and Imagen providers (not dependencies of this package),
 * with the model ids, aliases and native fields the seed documents use, so that their curl
 * bodies can be sent verbatim. They only check routing and the body; the real adapters are
 * tested in their own packages.
 */
export function seedCatalogProviders(calls: StandInCall[]): ImageProviderV1<object>[] {
  const imagenIds = [
    'imagen-3.0-generate-002',
    'imagen-4.0-generate-001',
    'imagen-4.0-ultra-generate-001',
    'imagen-4.0-fast-generate-001',
    'imagen-4.0-fast-generate-preview-06-06',
    'imagen-4.0-ultra-generate-preview-06-06',
    'imagen-4.0-generate-preview-06-06',
    'imagen-4.0-ultra-generate-exp-05-20',
    'imagen-4.0-generate-preview-05-20',
  ];
  return [
    provider('ideogram', [
      standIn(
        'ideogram',
        'V3',
        ['ideogram-v3'],
        {
          rendering_speed: z.enum(['FLASH', 'TURBO', 'DEFAULT', 'QUALITY']).optional(),
        },
        calls,
      ),
    ]),
    provider('stability', [
      standIn(
        'stability',
        'sd3.5-large',
        ['Stable-Diffusion-3-5-Large', 'stability/Stable-Diffusion-3-5-Large'],
        {},
        calls,
      ),
    ]),
    provider(
      'google',
      imagenIds.map(id =>
        standIn('google', id, [], { numberOfImages: z.int().min(1).max(4).optional() }, calls),
      ),
    ),
  ];
}
