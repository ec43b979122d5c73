import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import {
  type ImagesBody,
  metadataOf,
  postJson,
  readError,
  specValidator,
  testApiKey,
} from './__fixtures__/openai-client.js';
import { startOpenAISimulator } from './start-openai-simulator.js';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startOpenAISimulator({ apiKey: testApiKey });
});
afterEach(() => {
  expect(simulator.errors).toEqual([]);
});
afterAll(() => simulator.close());

const prompt = 'A red fox in the snow';

async function generate(body: Record<string, unknown>): Promise<ImagesBody> {
  const response = await postJson(simulator, '/images/generations', body);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ImagesBody;
}

describe('POST /v1/images/generations, GPT image models', () => {
  it('returns a real PNG of the requested size and a usage block valid against ImagesResponse', async () => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'gpt-image-1',
      prompt,
      size: '1536x1024',
      quality: 'low',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('5');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('4');
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('12s');
    const body = (await response.json()) as ImagesBody;

    expect(specValidator.validateSchema('ImagesResponse', body)).toEqual([]);
    expect(body.data).toHaveLength(1);
    expect(metadataOf(body.data[0]?.b64_json)).toEqual({
      mediaType: 'image/png',
      width: 1536,
      height: 1024,
    });
    expect(body).toMatchObject({
      background: 'opaque',
      output_format: 'png',
      size: '1536x1024',
      quality: 'low',
    });
    expect(body.data[0]).not.toHaveProperty('url');
    expect(body.data[0]).not.toHaveProperty('revised_prompt');
    const textTokens = Math.ceil(prompt.length / 4);
    expect(body.usage).toEqual({
      input_tokens: textTokens,
      output_tokens: 400,
      total_tokens: textTokens + 400,
      input_tokens_details: { text_tokens: textTokens, image_tokens: 0 },
      output_tokens_details: { image_tokens: 400, text_tokens: 0 },
    });
    expect(Math.abs(body.created - Date.now() / 1000)).toBeLessThan(60);
  });

  it('answers the seed body', async () => {
    const body = await generate({
      model: 'gpt-image-1',
      prompt: 'A deer drinking in the lake, early morning mist, photorealistic',
      size: '1024x1024',
      n: 1,
      quality: 'high',
      moderation: 'low',
      background: 'auto',
    });
    expect(specValidator.validateSchema('ImagesResponse', body)).toEqual([]);
    expect(body).toMatchObject({ size: '1024x1024', quality: 'high', background: 'opaque' });
    expect(body.usage?.output_tokens).toBe(4160);
    expect(metadataOf(body.data[0]?.b64_json)).toMatchObject({ width: 1024, height: 1024 });
  });

  it.each([
    ['jpeg', 'image/jpeg', { output_compression: 40 }],
    ['webp', 'image/webp', { background: 'transparent' }],
    ['png', 'image/png', { background: 'transparent' }],
  ] as const)('encodes %s output', async (format, mediaType, extra) => {
    const body = await generate({
      model: 'gpt-image-1-mini',
      prompt,
      size: '1024x1536',
      output_format: format,
      ...extra,
    });
    expect(body.output_format).toBe(format);
    expect(metadataOf(body.data[0]?.b64_json)).toEqual({ mediaType, width: 1024, height: 1536 });
    expect(specValidator.validateSchema('ImagesResponse', body)).toEqual([]);
  });

  it('reports auto size as 1024x1024 and auto quality as medium', async () => {
    const body = await generate({ model: 'gpt-image-1.5', prompt, size: 'auto', quality: 'auto' });
    expect(body).toMatchObject({ size: '1024x1024', quality: 'medium', background: 'opaque' });
    expect(body.usage?.output_tokens).toBe(1056);
    expect(metadataOf(body.data[0]?.b64_json)).toMatchObject({ width: 1024, height: 1024 });
  });

  it('returns n distinct images and bills each', async () => {
    const body = await generate({ model: 'gpt-image-1', prompt, n: 3, quality: 'low' });
    expect(body.data).toHaveLength(3);
    expect(new Set(body.data.map(image => image.b64_json)).size).toBe(3);
    expect(body.usage?.output_tokens).toBe(3 * 272);
  });

  it('is deterministic: the same request gives the same image', async () => {
    const request = { model: 'gpt-image-1', prompt: 'A lighthouse', quality: 'low' };
    const [first, second] = await Promise.all([generate(request), generate(request)]);
    expect(first.data[0]?.b64_json).toBe(second.data[0]?.b64_json);
    const other = await generate({ ...request, prompt: 'A windmill' });
    expect(other.data[0]?.b64_json).not.toBe(first.data[0]?.b64_json);
  });

  it('accepts null for the optional fields the spec marks nullable', async () => {
    const body = await generate({
      model: 'gpt-image-1',
      prompt,
      n: null,
      quality: null,
      size: null,
      output_format: null,
      background: null,
    });
    expect(body).toMatchObject({ size: '1024x1024', quality: 'medium', output_format: 'png' });
  });

  it('defaults to dall-e-2 without a model, unless a GPT-only field is used', async () => {
    const dallE = await generate({ prompt });
    expect(dallE.data[0]?.url).toMatch(/\/v1\/dalle\//);
    expect(dallE).not.toHaveProperty('usage');
    const gptImage = await generate({ prompt, output_format: 'webp' });
    expect(metadataOf(gptImage.data[0]?.b64_json)?.mediaType).toBe('image/webp');
    expect(gptImage.usage).toBeDefined();
  });
});

describe('POST /v1/images/generations, refusals', () => {
  const gpt = { model: 'gpt-image-1', prompt };
  it.each([
    [
      'response_format on a GPT image model',
      { ...gpt, response_format: 'b64_json' },
      "Unknown parameter: 'response_format'.",
      'response_format',
      'unknown_parameter',
    ],
    [
      'style on a GPT image model',
      { ...gpt, style: 'vivid' },
      undefined,
      'style',
      'unknown_parameter',
    ],
    [
      'a field the spec does not know',
      { ...gpt, seed: 42 },
      "Unknown parameter: 'seed'.",
      'seed',
      'unknown_parameter',
    ],
    [
      'input_fidelity on a generation',
      { ...gpt, input_fidelity: 'high' },
      undefined,
      'input_fidelity',
      'unknown_parameter',
    ],
    [
      'a DALL·E size',
      { ...gpt, size: '512x512' },
      "Invalid value: '512x512'. Supported values are: '1024x1024', '1536x1024', '1024x1536', and 'auto'.",
      'size',
      'invalid_value',
    ],
    ['a DALL·E quality', { ...gpt, quality: 'hd' }, undefined, 'quality', 'invalid_value'],
    [
      'a quality outside the spec',
      { ...gpt, quality: 'ultra' },
      undefined,
      'quality',
      'invalid_value',
    ],
    [
      'n above 10',
      { ...gpt, n: 11 },
      "Invalid 'n': integer above maximum value. Expected a value <= 10, but got 11 instead.",
      'n',
      'integer_above_max_value',
    ],
    ['n below 1', { ...gpt, n: 0 }, undefined, 'n', 'integer_below_min_value'],
    [
      'n of the wrong type',
      { ...gpt, n: 'two' },
      "Invalid type for 'n': expected an integer, but got a string instead.",
      'n',
      'invalid_type',
    ],
    [
      'a missing prompt',
      { model: 'gpt-image-1' },
      "Missing required parameter: 'prompt'.",
      'prompt',
      'missing_required_parameter',
    ],
    ['an empty prompt', { ...gpt, prompt: '' }, undefined, 'prompt', 'empty_string'],
    [
      'a prompt over 32000 characters',
      { ...gpt, prompt: 'x'.repeat(32_001) },
      "Invalid 'prompt': string too long. Expected a string with maximum length 32000, but got a string with length 32001 instead.",
      'prompt',
      'string_above_max_length',
    ],
    [
      'a transparent JPEG',
      { ...gpt, background: 'transparent', output_format: 'jpeg' },
      undefined,
      'background',
      'invalid_value',
    ],
    [
      'output_compression above 100',
      { ...gpt, output_format: 'webp', output_compression: 101 },
      undefined,
      'output_compression',
      'integer_above_max_value',
    ],
    [
      'output_compression below 0',
      { ...gpt, output_format: 'jpeg', output_compression: -1 },
      undefined,
      'output_compression',
      'integer_below_min_value',
    ],
    [
      'output_compression on PNG',
      { ...gpt, output_compression: 80 },
      'Compression less than 100 is not supported for PNG output format.',
      'output_compression',
      'invalid_value',
    ],
    [
      'an unknown moderation level',
      { ...gpt, moderation: 'strict' },
      undefined,
      'moderation',
      'invalid_value',
    ],
    [
      'partial_images above 3',
      { ...gpt, stream: true, partial_images: 4 },
      undefined,
      'partial_images',
      'integer_above_max_value',
    ],
    [
      'streaming with n > 1',
      { ...gpt, stream: true, n: 2 },
      'Streaming is only supported with n=1.',
      'n',
      'invalid_value',
    ],
  ])('refuses %s with 400', async (_name, body, message, param, code) => {
    const response = await postJson(simulator, '/images/generations', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
    expect(response.headers.has('x-ratelimit-limit-requests')).toBe(false);
    const error = await readError(response);
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code });
    if (message !== undefined) expect(error.message).toBe(message);
  });

  it('answers 404 model_not_found for a model it does not serve', async () => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'gpt-image-9',
      prompt,
    });
    expect(response.status).toBe(404);
    expect(await readError(response)).toEqual({
      message: 'The model `gpt-image-9` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });
  });

  it('refuses a body that is not JSON', async () => {
    const response = await postJson(simulator, '/images/generations', '{"prompt": ');
    expect(response.status).toBe(400);
    const error = await readError(response);
    expect(error.message).toMatch(/^We could not parse the JSON body of your request\./);
    expect(error).toMatchObject({ param: null, code: null });
  });

  it('refuses a body that is JSON but not an object', async () => {
    const response = await postJson(simulator, '/images/generations', [prompt]);
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ param: null, code: 'invalid_type' });
  });

  it('refuses a content type other than JSON', async () => {
    const response = await postJson(simulator, '/images/generations', JSON.stringify({ prompt }), {
      'content-type': 'text/plain',
    });
    expect(response.status).toBe(400);
    expect((await readError(response)).message).toBe(
      'Invalid Content-Type header (text/plain), expected application/json.',
    );
  });
});
