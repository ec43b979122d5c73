import { readImageMetadata } from '@easel/core';
import { synthesizeImage } from '@easel/testkit';
import { openaiTestPrompts } from '@easel/testkit/openai';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../__fixtures__/http-client.js';
import {
  type OpenAIGatewayHarness,
  startOpenAIGatewayHarness,
} from '../__fixtures__/openai-setup.js';

const gatewayKey = 'gw-openai-client-0123456789';
let harness: OpenAIGatewayHarness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness({ gateway: { apiKeys: [gatewayKey] } });
  client = new OpenAI({ apiKey: gatewayKey, baseURL: `${harness.url}/v1`, maxRetries: 0 });
});
afterAll(() => harness.close());

function decode(base64: string | undefined): Uint8Array {
  return new Uint8Array(Buffer.from(base64 ?? '', 'base64'));
}

const png = (width: number, height: number, seed: number) =>
  synthesizeImage({ width, height, format: 'png', seed, prompt: 'input' });

describe('POST /v1/images/generations with the official openai client', () => {
  it('generates with an OpenAI model, base64 by default, with usage', async () => {
    const result = await client.images.generate({
      model: 'gpt-image-1',
      prompt: 'a deer drinking in the lake',
      size: '1536x1024',
      quality: 'low',
    });
    expect(result.created).toBeGreaterThan(0);
    expect(result.data).toHaveLength(1);
    expect(readImageMetadata(decode(result.data![0]!.b64_json))).toMatchObject({
      mediaType: 'image/png',
      width: 1536,
      height: 1024,
    });
    expect(result.usage).toMatchObject({ total_tokens: expect.any(Number) });
  });

  it("writes a large answer from the provider's bytes, with its exact Content-Length", async () => {
    const response = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gatewayKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-1', prompt: 'two deer', n: 2, size: '1536x1024' }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(bytes.byteLength).toBeGreaterThan(128 * 1024);
    expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength);
    const body = JSON.parse(bytes.toString('utf8')) as { data: { b64_json: string }[] };
    expect(body.data).toHaveLength(2);
    for (const image of body.data) {
      expect(readImageMetadata(decode(image.b64_json))).toMatchObject({
        mediaType: 'image/png',
        width: 1536,
        height: 1024,
      });
    }
  });

  it('answers file URLs with response_format url, for any Easel model', async () => {
    const result = await client.images.generate({
      model: 'opanai/dall-e-3',
      prompt: 'a japanese temple',
      response_format: 'url',
    });
    const url = result.data![0]!.url!;
    expect(url.startsWith(`${harness.url}/v1/files/f_`)).toBe(true);
    expect(result.data![0]!.revised_prompt).toEqual(expect.any(String));
    const file = await fetch(url);
    expect(file.headers.get('content-type')).toBe('image/png');
    const reference = await client.images.generate({
      model: 'reference/ref-sync',
      prompt: 'two of them',
      n: 2,
      size: '512x512',
    });
    expect(reference.data).toHaveLength(2);
  });

  it("passes the provider's base64 through as b64_json", async () => {
    const result = await client.images.generate({
      model: 'reference/ref-sync',
      prompt: 'exactly these bytes',
      size: '512x512',
      seed: 42,
    } as OpenAI.Images.ImageGenerateParamsNonStreaming);
    const expected = Buffer.from(
      synthesizeImage({
        width: 512,
        height: 512,
        format: 'png',
        seed: 42,
        prompt: 'exactly these bytes',
      }),
    ).toString('base64');
    expect(result.data![0]!.b64_json).toBe(expected);
  });

  it('raises the client error classes from OpenAI-shaped errors', async () => {
    const moderated = await client.images
      .generate({ model: 'gpt-image-1', prompt: `a cat ${openaiTestPrompts.moderationBlocked}` })
      .catch((error: unknown) => error);
    expect(moderated).toBeInstanceOf(OpenAI.BadRequestError);
    expect(moderated).toMatchObject({ status: 400, code: 'moderation_blocked' });

    const unknown = await client.images
      .generate({ model: 'gpt-image-9', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown).toMatchObject({ code: 'model_not_found', param: 'model' });

    const invalid = await client.images
      .generate({ model: 'gpt-image-1', prompt: 'x', quality: 'ultra' as 'high' })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    expect(invalid).toMatchObject({ param: 'quality' });

    const limited = await client.images
      .generate({ model: 'gpt-image-1', prompt: `a cat ${openaiTestPrompts.rateLimited}` })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(
      (limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after'),
    ).toMatch(/^\d+$/);

    const anonymous = new OpenAI({
      apiKey: 'not-a-key-000000',
      baseURL: `${harness.url}/v1`,
      maxRetries: 0,
    });
    const denied = await anonymous.images
      .generate({ model: 'gpt-image-1', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(denied).toMatchObject({ code: 'invalid_api_key' });
  });

  it('refuses streaming with a 400 naming the field', async () => {
    const { status, body } = await call<{ error: { param: string; type: string } }>(
      'POST',
      `${harness.url}/v1/images/generations`,
      {
        body: { model: 'gpt-image-1', prompt: 'x', stream: true },
        headers: { authorization: `Bearer ${gatewayKey}` },
      },
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ param: 'stream', type: 'invalid_request_error' });
  });
});

describe('GET /v1/models with the official openai client', () => {
  it('lists every Easel model', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(
      expect.arrayContaining(['openai/gpt-image-1', 'openai/dall-e-3', 'reference/ref-sync']),
    );
    expect((await client.models.retrieve('opanai/gpt-image-1')).id).toBe('openai/gpt-image-1');
  });
});

describe('POST /v1/images/edits with the official openai client', () => {
  it('edits a real PNG (multipart image)', async () => {
    const before = harness.openaiSimulator.requests.length;
    const result = await client.images.edit({
      model: 'gpt-image-1',
      prompt: 'add a red hat',
      image: await toFile(png(1024, 1024, 1), 'input.png', { type: 'image/png' }),
      size: '1024x1024',
      n: 2,
    });
    expect(result.data).toHaveLength(2);
    expect(readImageMetadata(decode(result.data![0]!.b64_json))).toMatchObject({ width: 1024 });
    const upstream = harness.openaiSimulator.requests.slice(before);
    expect(upstream.map(request => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/images/edits',
    ]);
  });

  it('takes several images (image[]) and a mask', async () => {
    const before = harness.openaiSimulator.requests.length;
    const mask = await toFile(png(512, 512, 9), 'mask.png', { type: 'image/png' });
    const result = await client.images.edit({
      model: 'openai/gpt-image-1',
      prompt: 'combine them',
      image: [
        await toFile(png(512, 512, 2), 'a.png', { type: 'image/png' }),
        await toFile(png(512, 512, 3), 'b.png', { type: 'image/png' }),
      ],
      mask,
      response_format: 'url' as 'b64_json',
    });
    expect(result.data![0]!.url).toMatch(/\/v1\/files\/f_/);
    const [edit] = harness.openaiSimulator.requests.slice(before);
    const parts = edit!.multipart();
    expect(parts.filter(part => part.name === 'image[]')).toHaveLength(2);
    expect(parts.filter(part => part.name === 'mask')).toHaveLength(1);
  });

  it('edits with a non-OpenAI model, converting numeric form fields', async () => {
    const result = await client.images.edit({
      model: 'reference/ref-sync',
      prompt: 'make it blue',
      image: await toFile(png(512, 512, 4), 'input.png', { type: 'image/png' }),
      size: '512x512',
      n: 3,
    });
    expect(result.data).toHaveLength(3);
    const request = harness.simulator.requests.at(-1)!;
    expect(request.json<{ image: string; count: number }>()).toMatchObject({ count: 3 });
  });

  it("takes OpenAI's JSON edit form (images as image_url objects)", async () => {
    const dataUri = `data:image/png;base64,${Buffer.from(png(512, 512, 6)).toString('base64')}`;
    const { status, body } = await call<{ data: Array<{ b64_json: string }> }>(
      'POST',
      `${harness.url}/v1/images/edits`,
      {
        body: {
          model: 'reference/ref-sync',
          prompt: 'json edit',
          images: [{ image_url: dataUri }],
          size: '512x512',
        },
        headers: { authorization: `Bearer ${gatewayKey}` },
      },
    );
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    const sent = harness.simulator.requests.at(-1)!.json<{ image: string }>();
    expect(sent.image).toBe(dataUri.slice(dataUri.indexOf(',') + 1));
  });

  it('answers an invalid edit with an OpenAI-shaped 400', async () => {
    const invalid = await client.images
      .edit({
        model: 'reference/ref-sync',
        prompt: 'x',
        image: await toFile(png(512, 512, 5), 'input.png', { type: 'image/png' }),
        n: 'many' as unknown as number,
      })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    expect(invalid).toMatchObject({ param: 'n' });
  });
});
