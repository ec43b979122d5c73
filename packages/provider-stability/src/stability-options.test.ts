import { InvalidInputError, inputJsonSchema, validateInput } from '@easel/core';
import { describe, expect, it } from 'vitest';
import {
  isStabilityModelId,
  type StabilityModelId,
  stabilityCapabilities,
  stabilityInput,
  stabilityModelIds,
  stabilityModels,
  stabilityStylePresets,
  stabilityWireModels,
} from './stability-options.js';

const png = `data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=='}`;

function validate(
  input: Record<string, unknown>,
  modelId: StabilityModelId = 'Stable-Diffusion-3-5-Large',
) {
  return validateInput(stabilityInput(modelId), input, {
    model: `stability/${modelId}`,
    unknownKeys: 'reject',
  }).value as Record<string, unknown>;
}

function issues(input: Record<string, unknown>, modelId?: StabilityModelId) {
  try {
    validate(input, modelId);
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error.issues.map(issue => issue.path.join('.'));
    throw error;
  }
  return [];
}

describe('models as data', () => {
  it('has the four SD3.5 models, their wire names, prices and defaults', () => {
    expect(stabilityModelIds).toEqual([
      'Stable-Diffusion-3-5-Large',
      'Stable-Diffusion-3-5-Large-Turbo',
      'Stable-Diffusion-3-5-Medium',
      'Stable-Diffusion-3-5-Flash',
    ]);
    expect(stabilityWireModels).toEqual([
      'sd3.5-large',
      'sd3.5-large-turbo',
      'sd3.5-medium',
      'sd3.5-flash',
    ]);
    expect(stabilityModelIds.map(id => stabilityModels[id].credits)).toEqual([6.5, 4, 3.5, 2.5]);
    expect(stabilityModelIds.map(id => stabilityModels[id].defaultCfgScale)).toEqual([4, 1, 4, 1]);
    expect(stabilityStylePresets).toHaveLength(17);
    expect(isStabilityModelId('Stable-Diffusion-3-5-Flash')).toBe(true);
    expect(isStabilityModelId('sd3.5-flash')).toBe(false);
  });

  it('declares one image per call, nine ratios, three formats, one input image, no mask', () => {
    expect(stabilityCapabilities).toMatchObject({
      execution: 'sync',
      maxImagesPerCall: 1,
      outputFormats: ['png', 'jpeg', 'webp'],
      seed: true,
      negativePrompt: true,
      maxInputImages: 1,
      mask: false,
      promptMaxLength: 10_000,
    });
    expect(stabilityCapabilities.aspectRatios.values).toEqual([
      '21:9',
      '16:9',
      '3:2',
      '5:4',
      '1:1',
      '4:5',
      '2:3',
      '9:16',
      '9:21',
    ]);
    expect(stabilityCapabilities).not.toHaveProperty('sizes');
  });
});

describe('input schema', () => {
  it('accepts the seed document body verbatim', () => {
    expect(validate({ prompt: 'A deer drinking in the lake', n: 1 })).toEqual({
      prompt: 'A deer drinking in the lake',
      n: 1,
    });
  });

  it('accepts every Stability field and folds image into images', () => {
    const value = validate({
      prompt: 'x',
      mode: 'image-to-image',
      image: png,
      strength: 0.4,
      model: 'sd3.5-large',
      seed: 4_294_967_294,
      output_format: 'jpg',
      style_preset: 'origami',
      negative_prompt: 'blur',
      cfg_scale: 7.5,
      strict_moderation: true,
    });
    expect(value).toMatchObject({ output_format: 'jpeg', images: [{ type: 'base64' }] });
    expect(value).not.toHaveProperty('image');
  });

  it('refuses values outside Stability’s ranges', () => {
    expect(issues({ prompt: 'x', seed: 4_294_967_295 })).toEqual(['seed']);
    expect(issues({ prompt: 'x', cfg_scale: 11 })).toEqual(['cfg_scale']);
    expect(issues({ prompt: 'x', cfg_scale: 0.5 })).toEqual(['cfg_scale']);
    expect(issues({ prompt: 'x', image: png, strength: 1.2 })).toEqual(['strength']);
    expect(issues({ prompt: 'x', style_preset: 'watercolor' })).toEqual(['style_preset']);
    expect(issues({ prompt: 'x'.repeat(10_001) })).toEqual(['prompt']);
    expect(issues({ prompt: 'x', negative_prompt: 'x'.repeat(10_001) })).toEqual([
      'negative_prompt',
    ]);
    expect(issues({ prompt: 'x', mask: png, image: png })).toEqual(['mask']);
    expect(issues({ prompt: 'x', images: [png, png] })).toEqual(['images']);
  });

  it('refuses aspect_ratio and size with an input image, clearly', () => {
    expect(issues({ prompt: 'x', image: png, aspect_ratio: '16:9', size: '1024x1024' })).toEqual([
      'aspect_ratio',
      'size',
    ]);
    expect(() => validate({ prompt: 'x', image: png, aspect_ratio: '16:9' })).toThrow(
      'aspect_ratio applies to text-to-image only: in image-to-image the output takes the shape of the input image',
    );
  });

  it('refuses a mode that contradicts the presence of an image', () => {
    expect(issues({ prompt: 'x', mode: 'image-to-image' })).toEqual(['image']);
    expect(issues({ prompt: 'x', mode: 'text-to-image', image: png })).toEqual(['mode']);
  });

  it('refuses a model field naming another model', () => {
    expect(issues({ prompt: 'x', model: 'sd3.5-flash' })).toEqual(['model']);
    expect(issues({ prompt: 'x', model: 'sd3.5-flash' }, 'Stable-Diffusion-3-5-Flash')).toEqual([]);
  });

  it('describes the per-model cfg_scale default in the JSON Schema', () => {
    const schemaOf = (id: StabilityModelId) =>
      inputJsonSchema(stabilityInput(id)) as {
        properties: Record<string, { description?: string }>;
      };
    expect(schemaOf('Stable-Diffusion-3-5-Large').properties.cfg_scale?.description).toContain(
      'Default 4',
    );
    expect(schemaOf('Stable-Diffusion-3-5-Flash').properties.cfg_scale?.description).toContain(
      'Default 1',
    );
    expect(Object.keys(schemaOf('Stable-Diffusion-3-5-Medium').properties)).toEqual(
      expect.arrayContaining(['prompt', 'strength', 'style_preset', 'strict_moderation']),
    );
  });
});
