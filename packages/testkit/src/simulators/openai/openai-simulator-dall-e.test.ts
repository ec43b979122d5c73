import { readImageMetadata } from '@easel/core';
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

const prompt = 'A watercolor heron';

async function generate(body: Record<string, unknown>): Promise<ImagesBody> {
  const response = await postJson(simulator, '/images/generations', body);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ImagesBody;
}

describe('dall-e-3 generations', () => {
  it('answers a signed URL that downloads without an API key, and a revised prompt', async () => {
    const body = await generate({ model: 'dall-e-3', prompt, size: '1792x1024' });
    expect(specValidator.validateSchema('ImagesResponse', body)).toEqual([]);
    expect(Object.keys(body).sort()).toEqual(['created', 'data']);
    expect(body.data).toHaveLength(1);
    const [image] = body.data;
    expect(image?.revised_prompt).toContain(prompt);
    expect(image).not.toHaveProperty('b64_json');
    expect(image?.url?.startsWith(`${simulator.url}/v1/dalle/`)).toBe(true);

    const download = await fetch(image!.url!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(readImageMetadata(new Uint8Array(await download.arrayBuffer()))).toEqual({
      mediaType: 'image/png',
      width: 1792,
      height: 1024,
    });
  });

  it('answers b64_json when asked, always PNG', async () => {
    const body = await generate({
      model: 'dall-e-3',
      prompt,
      size: '1024x1792',
      quality: 'hd',
      style: 'natural',
      response_format: 'b64_json',
    });
    expect(body.data[0]).not.toHaveProperty('url');
    expect(body.data[0]?.revised_prompt).toMatch(
      /^A natural, true-to-life image of the following: /,
    );
    expect(metadataOf(body.data[0]?.b64_json)).toEqual({
      mediaType: 'image/png',
      width: 1024,
      height: 1792,
    });
  });

  it('refuses a tampered signature or expiry with Azure-style XML', async () => {
    const body = await generate({ model: 'dall-e-3', prompt });
    const url = new URL(body.data[0]!.url!);
    const signature = url.searchParams.get('sig')!;

    const tampered = new URL(url);
    tampered.searchParams.set('sig', signature.replace(/^./, signature[0] === 'a' ? 'b' : 'a'));
    const extended = new URL(url);
    extended.searchParams.set('se', new Date(Date.now() + 86_400_000).toISOString());
    const unsigned = new URL(url);
    unsigned.searchParams.delete('sig');

    for (const [target, detail] of [
      [tampered, 'Signature did not match.'],
      [extended, 'Signature did not match.'],
      [unsigned, 'Signature fields not well formed.'],
    ] as const) {
      const response = await fetch(target);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/xml');
      const xml = await response.text();
      expect(xml).toContain('<Code>AuthenticationFailed</Code>');
      expect(xml).toContain(`<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail>`);
    }
  });

  it.each([
    ['a GPT size', { size: '1536x1024' }],
    ['auto size', { size: 'auto' }],
  ])('refuses %s with invalid_size', async (_name, extra) => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'dall-e-3',
      prompt,
      ...extra,
    });
    expect(response.status).toBe(400);
    expect(await readError(response)).toEqual({
      message: 'The size is not supported by this model.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_size',
    });
  });

  it.each([
    ['moderation', 'low'],
    ['background', 'opaque'],
    ['output_format', 'png'],
    ['output_compression', 100],
    ['stream', false],
    ['partial_images', 1],
  ])('refuses the GPT-only parameter %s', async (name, value) => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'dall-e-3',
      prompt,
      [name]: value,
    });
    expect(response.status).toBe(400);
    expect(await readError(response)).toEqual({
      message: `Unknown parameter: '${name}'.`,
      type: 'invalid_request_error',
      param: name,
      code: 'unknown_parameter',
    });
  });

  it.each([
    ['n above 1', { n: 2 }, 'n', 'invalid_value'],
    ['a GPT quality', { quality: 'high' }, 'quality', 'invalid_value'],
    ['an unknown style', { style: 'anime' }, 'style', 'invalid_value'],
    [
      'a prompt over 4000 characters',
      { prompt: 'x'.repeat(4001) },
      'prompt',
      'string_above_max_length',
    ],
  ])('refuses %s', async (_name, extra, param, code) => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'dall-e-3',
      prompt,
      ...extra,
    });
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ type: 'invalid_request_error', param, code });
  });
});

describe('dall-e-3 URL expiry', () => {
  it('answers 403 once the URL has expired', async () => {
    const expiring = await startOpenAISimulator({ urlTtlMs: 0 });
    try {
      const response = await postJson(expiring, '/images/generations', {
        model: 'dall-e-3',
        prompt,
      });
      const body = (await response.json()) as ImagesBody;
      const download = await fetch(body.data[0]!.url!);
      expect(download.status).toBe(403);
      const xml = await download.text();
      expect(xml).toMatch(
        /^<\?xml version="1.0" encoding="utf-8"\?><Error><Code>AuthenticationFailed<\/Code>/,
      );
      expect(xml).toMatch(
        /Signed expiry time \[.+ GMT\] must be after signed start time \[.+ GMT\]/,
      );
      expect(expiring.errors).toEqual([]);
    } finally {
      await expiring.close();
    }
  });
});

describe('dall-e-2', () => {
  it('generates the small sizes, as URLs without revised prompts', async () => {
    const body = await generate({ model: 'dall-e-2', prompt, size: '256x256', n: 2 });
    expect(body.data).toHaveLength(2);
    expect(body.data[0]).not.toHaveProperty('revised_prompt');
    const download = await fetch(body.data[1]!.url!);
    expect(readImageMetadata(new Uint8Array(await download.arrayBuffer()))).toMatchObject({
      width: 256,
      height: 256,
    });
  });

  it.each([
    ['style', { style: 'vivid' }, 'style', 'unknown_parameter'],
    [
      'a prompt over 1000 characters',
      { prompt: 'x'.repeat(1001) },
      'prompt',
      'string_above_max_length',
    ],
    ['the hd quality', { quality: 'hd' }, 'quality', 'invalid_value'],
    ['a dall-e-3 size', { size: '1792x1024' }, null, 'invalid_size'],
  ])('refuses %s', async (_name, extra, param, code) => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'dall-e-2',
      prompt,
      ...extra,
    });
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ param, code });
  });
});
