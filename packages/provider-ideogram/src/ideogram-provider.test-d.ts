import { createEasel, type GenerateResult } from '@easel/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { IdeogramImageInput } from './ideogram-options.js';
import { createIdeogram } from './ideogram-provider.js';

const easel = createEasel({ providers: [createIdeogram()] });

describe('Ideogram input types follow the model path', () => {
  it('accepts the seed body and every native field under every typed path', () => {
    const seed = { prompt: 'A deer', rendering_speed: 'QUALITY', aspect_ratio: '2x1' } as const;
    expectTypeOf(easel.generate('ideogram/V3', seed)).toEqualTypeOf<Promise<GenerateResult>>();
    easel.generate('V3', seed);
    easel.generate('ideogram-v3', seed);
    easel.generate('ideogram/V3', {
      prompt: 'x',
      num_images: 4,
      seed: 1,
      resolution: '1280x800',
      magic_prompt: 'OFF',
      negative_prompt: 'fog',
      color_palette: { members: [{ color_hex: '#ffffff', color_weight: 0.5 }] },
      style_preset: 'WATERCOLOR',
      custom_model_uri: 'model/m/version/1',
      style_reference_images: ['https://example.com/style.png'],
      character_reference_images: [new Uint8Array(4)],
      character_reference_images_mask: [new Uint8Array(4)],
    });
    easel.generate('V3', { image: 'https://example.com/square.png', resolution: '1536x640' });
    easel.generate('V3', {
      image: 'https://example.com/a.png',
      prompt: 'a beach',
      operation: 'replace-background',
    });
  });

  it('rejects wrong values and unknown fields at compile time', () => {
    // @ts-expect-error not a rendering speed
    easel.generate('ideogram/V3', { prompt: 'x', rendering_speed: 'FAST' });
    // @ts-expect-error not one of the 69 resolutions
    easel.generate('ideogram/V3', { prompt: 'x', resolution: '1000x1000' });
    // @ts-expect-error not an operation
    easel.generate('ideogram/V3', { prompt: 'x', operation: 'upscale' });
    // @ts-expect-error the legacy name is not a V3 field
    easel.generate('ideogram/V3', { prompt: 'x', magic_prompt_option: 'ON' });
  });

  it('exports the input type callers write', () => {
    expectTypeOf<IdeogramImageInput['prompt']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IdeogramImageInput['num_images']>().toEqualTypeOf<number | undefined>();
  });
});
