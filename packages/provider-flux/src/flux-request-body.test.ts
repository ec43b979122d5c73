import { validateInput } from '@easel/core';
import { loadSharedSpec } from '@easel/specs';
import { OpenApiValidator } from '@easel/testkit/specs';
import { describe, expect, it } from 'vitest';
import type { $ZodType } from 'zod/v4/core';
import { type FluxModelId, fluxModels } from './flux-options.js';
import { type FluxValidatedInput, planFluxRequest } from './flux-request-body.js';

const spec = new OpenApiValidator(loadSharedSpec('bfl.openapi.json'));
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

async function plan(modelId: FluxModelId, input: Record<string, unknown>) {
  const schema: $ZodType = fluxModels[modelId].inputSchema;
  const { value } = validateInput(schema, input);
  const request = await planFluxRequest(
    modelId,
    value as FluxValidatedInput,
    async source => `downloaded:${source.type}`,
  );
  const violations = spec.validateRequest(`/v1/${fluxModels[modelId].endpoint}`, {
    contentType: 'application/json',
    body: request.body,
  });
  return { ...request, violations };
}

describe('FLUX request bodies', () => {
  it('sends the documented kontext fields verbatim, images as URLs or base64', async () => {
    const request = await plan('flux-kontext-pro', {
      prompt: 'a deer',
      aspect_ratio: '16:9',
      safety_tolerance: 6,
      input_image: 'https://images.example/deer.png',
      input_image_2: `data:image/png;base64,${png}`,
      seed: 42,
      output_format: 'webp',
      prompt_upsampling: true,
    });
    expect(request.body).toEqual({
      prompt: 'a deer',
      aspect_ratio: '16:9',
      safety_tolerance: 6,
      input_image: 'https://images.example/deer.png',
      input_image_2: png,
      seed: 42,
      output_format: 'webp',
      prompt_upsampling: true,
    });
    expect(request.warnings).toEqual([]);
    expect(request.violations).toEqual([]);
  });

  it('maps common sizes to a ratio for kontext and ultra, with a warning', async () => {
    const kontext = await plan('flux-kontext-max', { prompt: 'x', size: '1920x1080' });
    expect(kontext.body.aspect_ratio).toBe('16:9');
    expect(kontext.warnings).toEqual([
      expect.objectContaining({ type: 'approximated', feature: 'size', used: '16:9' }),
    ]);
    const ultra = await plan('flux-pro-1.1-ultra', {
      prompt: 'x',
      aspect_ratio: '4:1',
      raw: true,
      image_prompt_strength: 0.3,
    });
    expect(ultra.body).toMatchObject({
      aspect_ratio: '21:9',
      raw: true,
      image_prompt_strength: 0.3,
    });
    expect(ultra.warnings).toEqual([
      expect.objectContaining({ type: 'approximated', feature: 'aspect_ratio', used: '21:9' }),
    ]);
    expect(ultra.violations).toEqual([]);
  });

  it('snaps sizes to the pro 1.1 grid of 32 and to the FLUX.2 grid of 16 with its 4 MP cap', async () => {
    const pro = await plan('flux-pro-1.1', { prompt: 'x', size: '1000x750' });
    expect(pro.body).toMatchObject({ width: 992, height: 736 });
    expect(pro.violations).toEqual([]);
    const exact = await plan('flux-pro-1.1', { prompt: 'x', width: 1024, height: 768 });
    expect(exact.body).toMatchObject({ width: 1024, height: 768 });
    expect(exact.warnings).toEqual([]);
    const flux2 = await plan('flux-2-pro', { prompt: 'x', size: '3000x2000' });
    const { width, height } = flux2.body as { width: number; height: number };
    expect(width * height).toBeLessThanOrEqual(4_194_304);
    expect([width % 16, height % 16]).toEqual([0, 0]);
    expect(flux2.violations).toEqual([]);
  });

  it('sends image prompts as base64, downloading URLs', async () => {
    const request = await plan('flux-pro-1.1', {
      prompt: 'x',
      image: 'https://images.example/a.png',
    });
    expect(request.body.image_prompt).toBe('downloaded:url');
    const inline = await plan('flux-pro-1.1-ultra', { image_prompt: png });
    expect(inline.body.image_prompt).toBe('downloaded:base64');
    expect(inline.violations).toEqual([]);
  });

  it('takes up to eight input images on FLUX.2 and steps/guidance on flex', async () => {
    const images = Array.from({ length: 8 }, (_, index) => `https://images.example/${index}.png`);
    const request = await plan('flux-2-flex', {
      prompt: 'x',
      images,
      steps: 28,
      guidance: 3.5,
      width: 1024,
      height: 1024,
    });
    expect(request.body).toMatchObject({
      input_image: images[0],
      input_image_8: images[7],
      steps: 28,
      guidance: 3.5,
    });
    expect(request.violations).toEqual([]);
  });

  it('reports what FLUX cannot honour', async () => {
    const request = await plan('flux-kontext-pro', {
      prompt: 'x',
      negative_prompt: 'blur',
      output_format: 'jpg',
    });
    expect(request.body.output_format).toBe('jpeg');
    expect(request.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'negative_prompt' }),
    ]);
  });
});

describe('FLUX input validation', () => {
  const refuse = (modelId: FluxModelId, input: Record<string, unknown>) => {
    const schema: $ZodType = fluxModels[modelId].inputSchema;
    return () => validateInput(schema, input);
  };

  it('refuses off-grid native sizes, mixed size forms and FLUX.2 areas over 4 MP', () => {
    expect(refuse('flux-pro-1.1', { prompt: 'x', width: 1000 })).toThrow(
      'width: must be a multiple of 32',
    );
    expect(refuse('flux-pro-1.1', { prompt: 'x', width: 1024, size: '512x512' })).toThrow(
      'give either size or width and height, not both',
    );
    expect(refuse('flux-2-max', { prompt: 'x', width: 4096, height: 2048 })).toThrow(
      'width × height must be at most 4 megapixels',
    );
    expect(refuse('flux-2-pro', { prompt: 'x', safety_tolerance: 6 })).toThrow(
      'safety_tolerance: must be at most 5',
    );
  });

  it('limits input images per model and needs a prompt or an image prompt', () => {
    expect(
      refuse('flux-kontext-pro', {
        prompt: 'x',
        images: ['a', 'b', 'c', 'd', 'e'].map(name => `https://i.example/${name}.png`),
      }),
    ).toThrow('at most 4 input images, received 5');
    expect(refuse('flux-pro-1.1', {})).toThrow('give a prompt, an image prompt, or both');
    expect(refuse('flux-kontext-pro', {})).toThrow('prompt: is required');
  });
});
