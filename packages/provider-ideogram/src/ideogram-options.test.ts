import { InvalidInputError, validateInput } from '@easel/core';
import { loadSharedSpec } from '@easel/specs';
import { describe, expect, it } from 'vitest';
import {
  ideogramAspectRatios,
  ideogramCapabilities,
  ideogramColorPalettePresets,
  ideogramInput,
  ideogramMagicPromptOptions,
  ideogramRenderingSpeeds,
  ideogramResolutions,
  ideogramStylePresets,
  ideogramStyleTypes,
} from './ideogram-options.js';

const spec = loadSharedSpec('ideogram-v3.openapi.json') as {
  components: { schemas: Record<string, { enum?: string[] }> };
};
const enumOf = (name: string) => spec.components.schemas[name]?.enum;
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

function validate(input: Record<string, unknown>) {
  return validateInput(ideogramInput, input, { model: 'ideogram/V3', unknownKeys: 'reject' })
    .value as Record<string, unknown>;
}

function issues(input: Record<string, unknown>) {
  try {
    validate(input);
  } catch (error) {
    if (InvalidInputError.isInstance(error))
      return error.issues.map(issue => ({ path: issue.path.join('.'), message: issue.message }));
    throw error;
  }
  throw new Error('the input was accepted');
}

describe('vocabularies follow the spec', () => {
  it('has every enum of the spec, in its order', () => {
    expect(ideogramResolutions).toEqual(enumOf('ResolutionV3'));
    expect(ideogramResolutions).toHaveLength(69);
    expect(ideogramAspectRatios).toEqual(enumOf('AspectRatioV3'));
    expect(ideogramRenderingSpeeds).toEqual(enumOf('RenderingSpeed'));
    expect(ideogramMagicPromptOptions).toEqual(enumOf('MagicPromptOption'));
    expect(ideogramStyleTypes).toEqual(enumOf('StyleTypeV3'));
    expect(ideogramStylePresets).toEqual(enumOf('StylePresetV3'));
    expect(ideogramColorPalettePresets).toEqual(enumOf('ColorPalettePresetName'));
  });

  it('states the capabilities as data', () => {
    expect(ideogramCapabilities).toMatchObject({
      execution: 'sync',
      maxImagesPerCall: 8,
      outputFormats: ['png'],
      seed: true,
      negativePrompt: true,
      maxInputImages: 1,
      mask: true,
      promptRequired: false,
    });
    expect(ideogramCapabilities.sizes.values).toHaveLength(69);
    expect(ideogramCapabilities.aspectRatios.values).toEqual(
      ideogramAspectRatios.map(ratio => ratio.replace('x', ':')),
    );
  });
});

describe('the input schema', () => {
  it('takes the seed document body verbatim', () => {
    const body = { prompt: 'A deer', rendering_speed: 'QUALITY', aspect_ratio: '2x1' };
    expect(validate(body)).toEqual({ ...body, aspect_ratio: '2:1' });
  });

  it('folds num_images into n and resolution into size, and refuses disagreement', () => {
    expect(validate({ prompt: 'x', num_images: 3, resolution: '1280x800' })).toEqual({
      prompt: 'x',
      n: 3,
      size: '1280x800',
    });
    expect(issues({ prompt: 'x', num_images: 3, n: 4 })).toEqual([
      expect.objectContaining({ path: 'num_images' }),
    ]);
    expect(issues({ prompt: 'x', resolution: '1280x800', size: '1024x1024' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'resolution' })]),
    );
  });

  it('checks the native ranges and forms', () => {
    expect(issues({ prompt: 'x', seed: 2_147_483_648 })[0]?.path).toBe('seed');
    expect(issues({ prompt: 'x', num_images: 9 })[0]?.path).toBe('num_images');
    expect(issues({ prompt: 'x', resolution: '1000x1000' })[0]?.path).toBe('resolution');
    expect(issues({ prompt: 'x', style_codes: ['XYZ'] })[0]?.path).toBe('style_codes.0');
    expect(issues({ prompt: 'x', custom_model_uri: 'my-model' })[0]?.path).toBe('custom_model_uri');
    expect(issues({ prompt: 'x', color_palette: { name: 'NEON' } })[0]?.path).toBe('color_palette');
    expect(
      issues({
        prompt: 'x',
        color_palette: { members: [{ color_hex: '#fff', color_weight: 2 }] },
      })[0]?.path,
    ).toBe('color_palette.members.0.color_weight');
    expect(
      validate({
        prompt: 'x',
        color_palette: { members: [{ color_hex: '#b470b3', color_weight: 0.5 }] },
      }).color_palette,
    ).toEqual({ members: [{ color_hex: '#b470b3', color_weight: 0.5 }] });
  });

  it('refuses a field the chosen operation does not take, naming both', () => {
    expect(issues({ prompt: 'x', image: png, mask: png, negative_prompt: 'blurry' })).toEqual([
      {
        path: 'negative_prompt',
        message: expect.stringMatching(
          /^negative_prompt is not taken by edit \(chosen from the inputs given\); edit takes image, mask, prompt/,
        ),
      },
    ]);
    expect(issues({ prompt: 'x', image_weight: 20 })[0]?.message).toMatch(
      /^image_weight is not taken by generate/,
    );
    expect(
      issues({ image: png, prompt: 'x', operation: 'replace-background', size: '1024x1024' })[0]
        ?.message,
    ).toMatch(/^size \(sent as resolution\) is not taken by replace-background;/);
    expect(issues({ prompt: 'x', image: png, operation: 'generate' })[0]?.path).toBe('image');
  });

  it('needs what each operation requires', () => {
    expect(issues({ rendering_speed: 'TURBO' })).toEqual([
      { path: 'prompt', message: 'generate (chosen from the inputs given) needs prompt' },
    ]);
    expect(issues({ image: png })[0]?.message).toMatch(
      /^remix \(chosen from the inputs given\) needs prompt: an image with a prompt is remixed; to reframe/,
    );
    expect(issues({ image: png, operation: 'reframe' })[0]).toEqual({
      path: 'resolution',
      message: expect.stringMatching(/^reframe needs resolution/),
    });
    expect(issues({ prompt: 'x', image: png, operation: 'edit' })[0]).toMatchObject({
      path: 'mask',
    });
    expect(issues({ prompt: 'x', operation: 'remix' })[0]).toMatchObject({ path: 'image' });
  });

  it('accepts each operation, chosen or explicit', () => {
    expect(validate({ prompt: 'x' })).toEqual({ prompt: 'x' });
    expect(validate({ prompt: 'x', image: png, mask: png }).mask).toBeDefined();
    expect(validate({ prompt: 'x', image: png, image_weight: 80 }).image_weight).toBe(80);
    expect(validate({ image: png, resolution: '1024x1024' }).size).toBe('1024x1024');
    expect(validate({ image: png, size: '1000x1000' }).size).toBe('1000x1000');
    expect(
      validate({ image: png, prompt: 'a beach', operation: 'replace-background' }).operation,
    ).toBe('replace-background');
  });

  it('rejects the mutual exclusions of the spec', () => {
    expect(issues({ prompt: 'x', aspect_ratio: '16:9', resolution: '1280x768' })).toEqual([
      {
        path: 'aspect_ratio',
        message: 'aspect_ratio and resolution are mutually exclusive in Ideogram; give one',
      },
    ]);
    expect(issues({ prompt: 'x', aspect_ratio: '16x9', size: '1280x768' })[0]?.message).toBe(
      'aspect_ratio and size (sent as resolution) are mutually exclusive in Ideogram; give one',
    );
    expect(issues({ prompt: 'x', style_codes: ['AAFF5733'], style_type: 'DESIGN' })).toEqual([
      {
        path: 'style_codes',
        message: 'style_codes cannot be combined with style_type; give one',
      },
    ]);
    expect(
      issues({ prompt: 'x', style_codes: ['AAFF5733'], style_reference_images: [png] })[0]?.message,
    ).toBe('style_codes cannot be combined with style_reference_images; give one');
    expect(
      issues({
        prompt: 'x',
        character_reference_images: [png],
        character_reference_images_mask: [png, png],
      })[0],
    ).toEqual({
      path: 'character_reference_images_mask',
      message:
        'give one mask per character reference image: 2 masks for 1 character_reference_images',
    });
  });
});
