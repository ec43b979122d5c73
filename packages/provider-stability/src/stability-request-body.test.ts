import { type ImageSource, InvalidInputError, validateInput } from '@easel/core';
import { synthesizeImage } from '@easel/testkit';
import { describe, expect, it } from 'vitest';
import {
  type StabilityModelId,
  type StabilityValidatedInput,
  stabilityInput,
} from './stability-options.js';
import {
  checkInputImage,
  planStabilityRequest,
  stabilityMultipartBody,
} from './stability-request-body.js';

const strict = { strictModeration: false };
const source: ImageSource = { type: 'url', url: 'https://images.example/deer.png' };

function plan(
  input: Record<string, unknown>,
  modelId: StabilityModelId = 'Stable-Diffusion-3-5-Large',
) {
  const validated = validateInput(stabilityInput(modelId), input, {
    model: modelId,
    unknownKeys: 'reject',
  }).value as StabilityValidatedInput;
  return planStabilityRequest(modelId, validated, strict);
}

describe('planStabilityRequest', () => {
  it('maps the seed body to prompt, mode and model only', () => {
    const result = plan({ prompt: 'A deer', n: 1 });
    expect(result.fields).toEqual({
      prompt: 'A deer',
      mode: 'text-to-image',
      model: 'sd3.5-large',
    });
    expect(result.warnings).toEqual([]);
    expect(result.image).toBeUndefined();
    expect(result.strictModeration).toBe(false);
  });

  it('sends every field in Stability’s names and order', () => {
    const result = plan(
      {
        prompt: 'x',
        aspect_ratio: '16x9',
        seed: 7,
        output_format: 'webp',
        style_preset: 'anime',
        negative_prompt: 'blur',
        cfg_scale: 2,
        strict_moderation: true,
      },
      'Stable-Diffusion-3-5-Flash',
    );
    expect(Object.entries(result.fields)).toEqual([
      ['prompt', 'x'],
      ['mode', 'text-to-image'],
      ['model', 'sd3.5-flash'],
      ['aspect_ratio', '16:9'],
      ['seed', 7],
      ['output_format', 'webp'],
      ['style_preset', 'anime'],
      ['negative_prompt', 'blur'],
      ['cfg_scale', 2],
    ]);
    expect(result.strictModeration).toBe(true);
    expect(result.outputFormat).toBe('webp');
  });

  it('snaps an aspect ratio to the nearest of the nine, with a warning', () => {
    const result = plan({ prompt: 'x', aspect_ratio: '2:1' });
    expect(result.fields.aspect_ratio).toBe('16:9');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'approximated',
        feature: 'aspect_ratio',
        requested: '2:1',
        used: '16:9',
      }),
    ]);
    expect(plan({ prompt: 'x', aspect_ratio: '7:3' }).fields.aspect_ratio).toBe('21:9');
  });

  it('turns a size into the nearest ratio, with an approximated warning', () => {
    const result = plan({ prompt: 'x', size: '1920x1080' });
    expect(result.fields.aspect_ratio).toBe('16:9');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'approximated',
        feature: 'size',
        requested: '1920x1080',
        used: '16:9',
      }),
    ]);
    const both = plan({ prompt: 'x', size: '1920x1080', aspect_ratio: '1:1' });
    expect(both.fields.aspect_ratio).toBe('1:1');
    expect(both.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'size' }),
    ]);
  });

  it('drops strength in text-to-image, with a warning', () => {
    const validated = { prompt: 'x', strength: 0.5 } as StabilityValidatedInput;
    const result = planStabilityRequest('Stable-Diffusion-3-5-Medium', validated, strict);
    expect(result.fields).not.toHaveProperty('strength');
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'strength' }),
    ]);
  });

  it('switches to image-to-image with an image, keeping or defaulting strength', () => {
    const given = planStabilityRequest(
      'Stable-Diffusion-3-5-Large',
      { prompt: 'x', images: [source], strength: 0.3 } as StabilityValidatedInput,
      strict,
    );
    expect(given.fields).toEqual({
      prompt: 'x',
      mode: 'image-to-image',
      model: 'sd3.5-large',
      strength: 0.3,
    });
    expect(given.image).toBe(source);
    expect(given.warnings).toEqual([]);
    const defaulted = planStabilityRequest(
      'Stable-Diffusion-3-5-Flash',
      { prompt: 'x', images: [source] } as StabilityValidatedInput,
      strict,
    );
    expect(defaulted.fields.strength).toBe(0.95);
    expect(defaulted.warnings).toEqual([
      {
        type: 'other',
        message:
          "strength was not given; sent 0.95, Easel's default for sd3.5-flash (0 keeps the input image, 1 ignores it)",
      },
    ]);
  });

  it('wraps a seed the hub offset past the maximum, never to 0 (random)', () => {
    const validated = { prompt: 'x', seed: 4_294_967_296 } as StabilityValidatedInput;
    const result = planStabilityRequest('Stable-Diffusion-3-5-Large', validated, strict);
    expect(result.fields.seed).toBe(2);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'approximated',
        feature: 'seed',
        requested: 4_294_967_296,
        used: 2,
      }),
    ]);
    expect(plan({ prompt: 'x', seed: 0 }).fields.seed).toBe(0);
  });
});

describe('stabilityMultipartBody', () => {
  it('is multipart even without an image', () => {
    const body = stabilityMultipartBody(plan({ prompt: 'x' }), undefined, undefined);
    expect(body).toEqual({
      type: 'multipart',
      parts: [
        { name: 'prompt', value: 'x' },
        { name: 'mode', value: 'text-to-image' },
        { name: 'model', value: 'sd3.5-large' },
      ],
    });
  });

  it('adds passthrough fields and the image part last', () => {
    const bytes = synthesizeImage({ width: 64, height: 64, format: 'jpeg' });
    const body = stabilityMultipartBody(
      plan({ prompt: 'x', image: Buffer.from(bytes).toString('base64') }),
      { bytes, mediaType: 'image/jpeg' },
      { extra: 'yes', nested: { a: 1 } },
    );
    expect(body.type === 'multipart' && body.parts.map(part => part.name)).toEqual([
      'prompt',
      'mode',
      'model',
      'strength',
      'extra',
      'nested',
      'image',
    ]);
    expect(body.type === 'multipart' && body.parts.at(-1)).toEqual({
      name: 'image',
      value: bytes,
      filename: 'image.jpg',
      contentType: 'image/jpeg',
    });
    expect(body.type === 'multipart' && body.parts[5]).toEqual({
      name: 'nested',
      value: '{"a":1}',
      contentType: 'application/json',
    });
  });
});

describe('checkInputImage', () => {
  const refusal = (bytes: Uint8Array, mediaType = 'image/png') => {
    try {
      checkInputImage({ bytes, mediaType }, 'Stable-Diffusion-3-5-Large');
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
      return (error as InvalidInputError).issues.map(issue => issue.message);
    }
    return [];
  };

  it('accepts JPEG, PNG and WebP of at least 64 px a side', () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      expect(refusal(synthesizeImage({ width: 64, height: 96, format }))).toEqual([]);
    }
  });

  it('refuses small images, other formats and anything over 10 MiB before sending', () => {
    expect(refusal(synthesizeImage({ width: 63, height: 128, format: 'png' }))).toEqual([
      'the image is 63x128; Stability needs every side to be at least 64 px',
    ]);
    expect(refusal(new TextEncoder().encode('GIF89a\x40\x00\x40\x00'), 'image/gif')).toEqual([
      'Stability takes JPEG, PNG or WebP input images, not image/gif',
    ]);
    expect(refusal(new Uint8Array([1, 2, 3]), 'application/octet-stream')).toEqual([
      'Stability takes JPEG, PNG or WebP input images, not application/octet-stream',
    ]);
    const large = new Uint8Array(10 * 1024 * 1024 + 1);
    large.set(synthesizeImage({ width: 64, height: 64, format: 'png' }));
    expect(refusal(large)).toEqual([
      'the image is 10.0 MiB; Stability accepts requests up to 10 MiB',
    ]);
  });
});
