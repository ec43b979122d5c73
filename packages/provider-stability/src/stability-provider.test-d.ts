import { createEasel, type GenerateResult } from '@easel/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { StabilityImageInput } from './stability-options.js';
import { createStability } from './stability-provider.js';

const easel = createEasel({ providers: [createStability()] });

describe('Stability input types follow the model path', () => {
  it('accepts the seed body and Stability’s fields under every typed path', () => {
    expectTypeOf(
      easel.generate('stability/Stable-Diffusion-3-5-Large', { prompt: 'x', n: 1 }),
    ).toEqualTypeOf<Promise<GenerateResult>>();
    easel.generate('Stable-Diffusion-3-5-Flash', {
      prompt: 'x',
      image: new Uint8Array(),
      strength: 0.9,
      mode: 'image-to-image',
      model: 'sd3.5-flash',
      seed: 1,
      output_format: 'webp',
      style_preset: 'pixel-art',
      negative_prompt: 'blur',
      cfg_scale: 2,
      strict_moderation: true,
    });
    easel.generate('sd3.5-large-turbo', { prompt: 'x', aspect_ratio: '21:9' });
    easel.generate('stability/sd3.5-medium', { prompt: 'x', size: '1024x1024' });
  });

  it('rejects wrong values and unknown fields at compile time', () => {
    // @ts-expect-error not one of the 17 presets
    easel.generate('sd3.5-large', { prompt: 'x', style_preset: 'watercolor' });
    // @ts-expect-error cfg_scale is a number
    easel.generate('stability/sd3.5-large', { prompt: 'x', cfg_scale: 'high' });
    // @ts-expect-error Stability has no steps field
    easel.generate('stability/Stable-Diffusion-3-5-Medium', { prompt: 'x', steps: 30 });
    // @ts-expect-error the prompt is required
    easel.generate('Stable-Diffusion-3-5-Large', { n: 1 });
  });

  it('exports the input type callers write', () => {
    expectTypeOf<StabilityImageInput['strength']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StabilityImageInput['prompt']>().toEqualTypeOf<string>();
  });
});
