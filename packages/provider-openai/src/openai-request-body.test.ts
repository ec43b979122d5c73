import { validateInput } from '@easel/core';
import { loadSharedSpec } from '@easel/specs';
import { multipartToObject, OpenApiValidator } from '@easel/testkit/specs';
import { describe, expect, it } from 'vitest';
import type { $ZodType } from 'zod/v4/core';
import { type OpenAIImageModelId, openaiModels } from './openai-options.js';
import {
  jsonBody,
  multipartBody,
  type OpenAIValidatedInput,
  planOpenAIRequest,
} from './openai-request-body.js';

const spec = new OpenApiValidator(loadSharedSpec('openai-images.openapi.json'));
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

function plan(modelId: OpenAIImageModelId, input: Record<string, unknown>) {
  const schema: $ZodType = openaiModels[modelId].inputSchema;
  const { value } = validateInput(schema, input);
  return planOpenAIRequest(modelId, value as OpenAIValidatedInput);
}

function specViolations(request: ReturnType<typeof plan>) {
  const body = jsonBody(request);
  if (body.type !== 'json') throw new Error('expected JSON');
  return spec.validateRequest(`/images/${request.endpoint}`, {
    contentType: 'application/json',
    body: body.value,
  });
}

describe('generation bodies', () => {
  it('sends the gpt-image-1 seed fields verbatim, with the model, and nothing else', () => {
    const seed = {
      prompt:
        'A deer drinking in the lake, Sakura petals falling, green and clean water, japanese temple, dappled sunlight, cinematic lighting, expansive view, peace',
      size: '1024x1024',
      n: 1,
      quality: 'high',
      moderation: 'low',
      background: 'auto',
    };
    const request = plan('gpt-image-1', seed);
    expect(request.endpoint).toBe('generations');
    expect(jsonBody(request)).toEqual({ type: 'json', value: { model: 'gpt-image-1', ...seed } });
    expect(request.warnings).toEqual([]);
    expect(specViolations(request)).toEqual([]);
  });

  it('sends the dall-e-3 seed fields verbatim', () => {
    const request = plan('dall-e-3', { prompt: 'A deer', size: '1024x1024', n: 1 });
    expect(jsonBody(request)).toEqual({
      type: 'json',
      value: { model: 'dall-e-3', prompt: 'A deer', size: '1024x1024', n: 1 },
    });
    expect(specViolations(request)).toEqual([]);
  });

  it('maps every GPT image field, and only to GPT image models', () => {
    const request = plan('gpt-image-1.5', {
      prompt: 'x',
      output_format: 'jpg',
      output_compression: 70,
      background: 'opaque',
      quality: 'low',
      user: 'user-7',
      size: 'auto',
    });
    expect(
      jsonBody(request).type === 'json' && (jsonBody(request) as { value: unknown }).value,
    ).toEqual({
      model: 'gpt-image-1.5',
      prompt: 'x',
      output_format: 'jpeg',
      output_compression: 70,
      background: 'opaque',
      quality: 'low',
      user: 'user-7',
      size: 'auto',
    });
    expect(specViolations(request)).toEqual([]);
    const dalle = plan('dall-e-3', {
      prompt: 'x',
      quality: 'hd',
      style: 'natural',
      response_format: 'b64_json',
      output_format: 'webp',
    });
    expect((jsonBody(dalle) as { value: unknown }).value).toEqual({
      model: 'dall-e-3',
      prompt: 'x',
      quality: 'hd',
      style: 'natural',
      response_format: 'b64_json',
    });
    expect(dalle.warnings).toEqual([
      expect.objectContaining({ type: 'approximated', feature: 'output_format', used: 'png' }),
    ]);
    expect(specViolations(dalle)).toEqual([]);
  });

  it('never sends response_format to GPT image models, and says so', () => {
    const request = plan('gpt-image-1', { prompt: 'x', response_format: 'b64_json' });
    expect(request.fields.response_format).toBeUndefined();
    expect(request.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'response_format' }),
    ]);
  });

  it('snaps sizes and ratios to the model list, and reports common fields it cannot honour', () => {
    const snapped = plan('gpt-image-1', {
      prompt: 'x',
      size: '1920x1080',
      seed: 3,
      negative_prompt: 'blur',
    });
    expect(snapped.fields.size).toBe('1536x1024');
    expect(
      snapped.warnings.map(
        warning => warning.type !== 'other' && `${warning.type}:${warning.feature}`,
      ),
    ).toEqual(['unsupported:seed', 'unsupported:negative_prompt', 'approximated:size']);
    expect(plan('dall-e-3', { prompt: 'x', aspect_ratio: '16:9' }).fields.size).toBe('1792x1024');
    expect(plan('gpt-image-1', { prompt: 'x', aspect_ratio: '2:3' }).fields.size).toBe('1024x1536');
  });

  it('drops output_compression for png, with a warning', () => {
    const request = plan('gpt-image-1', { prompt: 'x', output_compression: 50 });
    expect(request.fields.output_compression).toBeUndefined();
    expect(request.warnings).toEqual([expect.objectContaining({ feature: 'output_compression' })]);
  });

  it('streams when partial images are asked for', () => {
    const request = plan('gpt-image-1', { prompt: 'x', partial_images: 2 });
    expect(request.stream).toBe(true);
    expect(request.fields).toMatchObject({ stream: true, partial_images: 2 });
    expect(specViolations(request)).toEqual([]);
  });
});

describe('input validation specific to OpenAI', () => {
  it('refuses a transparent background in jpeg', () => {
    expect(() =>
      plan('gpt-image-1', { prompt: 'x', background: 'transparent', output_format: 'jpeg' }),
    ).toThrow('background: a transparent background needs output_format png or webp, not jpeg');
  });

  it('refuses input_fidelity on gpt-image-1-mini, naming the models that have it', () => {
    expect(() =>
      plan('gpt-image-1-mini', { prompt: 'x', image: png, input_fidelity: 'high' }),
    ).toThrow(
      'gpt-image-1-mini does not support input_fidelity (gpt-image-1 and gpt-image-1.5 do)',
    );
  });

  it('keeps dall-e-3 to its limits: prompt length, no input images', () => {
    expect(() => plan('dall-e-3', { prompt: 'x'.repeat(4001) })).toThrow(
      'must be at most 4000 characters',
    );
    expect(() => plan('dall-e-3', { prompt: 'x', image: png })).toThrow(
      'this model does not accept input images',
    );
  });
});

describe('edit bodies', () => {
  it('go as multipart with one image part, or repeated image[] parts, and a mask', () => {
    const one = plan('gpt-image-1', { prompt: 'add a hat', image: png, input_fidelity: 'high' });
    expect(one).toMatchObject({ endpoint: 'edits', editFormat: 'multipart' });
    const bytes = { bytes: Buffer.from(png, 'base64'), mediaType: 'image/png' };
    const single = multipartBody(one, [bytes], undefined);
    if (single.type !== 'multipart') throw new Error('expected multipart');
    expect(single.parts.map(part => part.name)).toEqual([
      'model',
      'prompt',
      'input_fidelity',
      'image',
    ]);
    const body = multipartToObject(
      single.parts.map(part => ({
        ...part,
        data: Buffer.from(part.value),
        headers: {},
        text: () => String(part.value),
      })),
    );
    expect(
      spec.validateRequest('/images/edits', { contentType: 'multipart/form-data', body }),
    ).toEqual([]);

    const many = plan('gpt-image-1', {
      prompt: 'merge',
      images: [png, png],
      mask: png,
      size: '1024x1024',
    });
    const multi = multipartBody(many, [bytes, bytes], bytes);
    if (multi.type !== 'multipart') throw new Error('expected multipart');
    expect(multi.parts.filter(part => part.name === 'image[]')).toHaveLength(2);
    expect(multi.parts.at(-1)).toMatchObject({
      name: 'mask',
      filename: 'mask.png',
      contentType: 'image/png',
    });
    const multiBody = multipartToObject(
      multi.parts.map(part => ({
        ...part,
        data: Buffer.from(part.value),
        headers: {},
        text: () => String(part.value),
      })),
    );
    expect(
      spec.validateRequest('/images/edits', {
        contentType: 'multipart/form-data',
        body: multiBody,
      }),
    ).toEqual([]);
  });

  it('go as JSON when an image is a URL or moderation is set, inline images as data URLs', () => {
    const byUrl = plan('gpt-image-1', {
      prompt: 'x',
      images: ['https://images.example/a.png', `data:image/png;base64,${png}`],
    });
    expect(byUrl.editFormat).toBe('json');
    expect((jsonBody(byUrl) as { value: { images: unknown } }).value.images).toEqual([
      { image_url: 'https://images.example/a.png' },
      { image_url: `data:image/png;base64,${png}` },
    ]);
    expect(specViolations(byUrl)).toEqual([]);
    const moderated = plan('gpt-image-1', { prompt: 'x', image: png, moderation: 'low' });
    expect(moderated.editFormat).toBe('json');
    expect(specViolations(moderated)).toEqual([]);
  });

  it('warn that input_fidelity applies to edits only', () => {
    const request = plan('gpt-image-1', { prompt: 'x', input_fidelity: 'high' });
    expect(request.fields.input_fidelity).toBeUndefined();
    expect(request.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'input_fidelity' }),
    ]);
  });
});
