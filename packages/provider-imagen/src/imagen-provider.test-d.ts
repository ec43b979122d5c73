import { createEasel, type GenerateResult } from '@easel/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { ImagenImageInput } from './imagen-options.js';
import { createImagen } from './imagen-provider.js';

const easel = createEasel({ providers: [createImagen()] });

describe('Imagen input types follow the model path', () => {
  it('accepts the seed body and the SDK names under every typed path', () => {
    expectTypeOf(
      easel.generate('google/imagen-3.0-generate-002', { prompt: 'x', numberOfImages: 1 }),
    ).toEqualTypeOf<Promise<GenerateResult>>();
    easel.generate('imagen-4.0-generate-001', {
      prompt: 'x',
      aspectRatio: '16:9',
      imageSize: '2K',
      outputMimeType: 'image/jpeg',
      outputCompressionQuality: 80,
      personGeneration: 'ALLOW_ADULT',
      safetyFilterLevel: 'block_only_high',
      negativePrompt: 'blurry',
      seed: 1,
      addWatermark: false,
      enhancePrompt: true,
      includeRaiReason: true,
      includeSafetyAttributes: true,
      language: 'en',
      guidanceScale: 7,
    });
    easel.generate('google/imagen-4.0-ultra-generate-001', { prompt: 'x', size: '2048x2048' });
  });

  it('rejects wrong values and unknown fields at compile time', () => {
    // @ts-expect-error Imagen renders five ratios under the SDK name
    easel.generate('imagen-3.0-generate-002', { prompt: 'x', aspectRatio: '21:9' });
    // @ts-expect-error not a personGeneration value
    easel.generate('imagen-3.0-generate-002', { prompt: 'x', personGeneration: 'everyone' });
    // @ts-expect-error the wire name is not an input field
    easel.generate('imagen-3.0-generate-002', { prompt: 'x', sampleCount: 2 });
    // @ts-expect-error the prompt is required
    easel.generate('imagen-3.0-generate-002', { numberOfImages: 1 });
  });

  it('exports the input type callers write', () => {
    expectTypeOf<ImagenImageInput['numberOfImages']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ImagenImageInput['prompt']>().toEqualTypeOf<string>();
  });
});
