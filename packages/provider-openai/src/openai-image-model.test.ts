import { inspect } from 'node:util';
import {
  ContentFilteredError,
  createEasel,
  type GenerateProgressEvent,
  InvalidInputError,
  ProviderError,
  RateLimitError,
  readImageMetadata,
} from '@easel/core';
import { loadSharedSpec } from '@easel/specs';
import { synthesizeImage } from '@easel/testkit';
import { openaiTestPrompts, startOpenAISimulator } from '@easel/testkit/openai';
import { OpenApiValidator, specRequestBody } from '@easel/testkit/specs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAI, type OpenAIProviderSettings } from './openai-provider.js';

const spec = new OpenApiValidator(loadSharedSpec('openai-images.openapi.json'));
const apiKey = 'sk-openai-test-5b3c9a2e7d14';
const deer =
  'A deer drinking in the lake, Sakura petals falling, green and clean water, japanese temple, dappled sunlight, cinematic lighting, expansive view, peace';
let simulator: Awaited<ReturnType<typeof startOpenAISimulator>>;

beforeAll(async () => {
  simulator = await startOpenAISimulator({ apiKey, streamIntervalMs: 5 });
});
afterAll(() => simulator.close());
afterEach(() => {
  // Every request the adapter sent must be valid against the official spec.
  for (const request of simulator.requests.filter(candidate =>
    candidate.path.startsWith('/v1/images/'),
  )) {
    const operation = request.path.slice('/v1'.length);
    expect(
      spec.validateRequest(operation, specRequestBody(request)),
      `${request.method} ${request.path}`,
    ).toEqual([]);
  }
  expect(simulator.errors).toEqual([]);
  simulator.reset();
});

function hub(settings: OpenAIProviderSettings = {}) {
  const provider = createOpenAI({
    apiKey,
    baseURL: `${simulator.url}/v1`,
    downloads: { allowlist: [simulator.url] },
    ...settings,
  });
  return createEasel({ providers: [provider] });
}

const lastBody = () => simulator.requests.at(-1)!.json<Record<string, unknown>>();
const pngDataUri = (width: number, height: number, seed = 1) =>
  `data:image/png;base64,${Buffer.from(synthesizeImage({ width, height, format: 'png', seed })).toString('base64')}`;

describe('seed documents, verbatim', () => {
  const seed = {
    prompt: deer,
    size: '1024x1024',
    n: 1,
    quality: 'high',
    moderation: 'low',
    background: 'auto',
  };

  it.each(['opanai/gpt-image-1', 'openai/gpt-image-1', 'gpt-image-1'])(
    'gpt-image-1 through %s',
    async path => {
      const result = await hub().generate(path, seed);
      expect(lastBody()).toEqual({ model: 'gpt-image-1', ...seed });
      expect(result.images).toHaveLength(1);
      expect(readImageMetadata(result.images[0]!.bytes)).toEqual({
        mediaType: 'image/png',
        width: 1024,
        height: 1024,
      });
      expect(result.warnings).toEqual([]);
      expect(result.usage?.outputTokens).toBeGreaterThan(0);
      expect(result.usage?.inputTextTokens).toBeGreaterThan(0);
    },
  );

  it.each(['opanai/dall-e-3', 'openai/dall-e-3', 'dall-e-3'])(
    'dall-e-3 through %s: the URL result is downloaded, the URL kept',
    async path => {
      const result = await hub().generate(path, { prompt: deer, size: '1024x1024', n: 1 });
      expect(
        simulator.requests.find(request => request.path === '/v1/images/generations')?.json(),
      ).toEqual({ model: 'dall-e-3', prompt: deer, size: '1024x1024', n: 1 });
      const image = result.images[0]!;
      expect(image.url).toMatch(new RegExp(`^${simulator.url}/`));
      expect(readImageMetadata(image.bytes)).toEqual({
        mediaType: 'image/png',
        width: 1024,
        height: 1024,
      });
      expect(image.revisedPrompt).toEqual(expect.any(String));
      const download = simulator.requests.find(request => request.method === 'GET');
      expect(download?.headers.authorization).toBeUndefined();
    },
  );
});

describe('generations', () => {
  it('honours output format, compression, size and quality, and reports them', async () => {
    const result = await hub().generate('gpt-image-1.5', {
      prompt: 'x',
      output_format: 'webp',
      output_compression: 60,
      size: '1536x1024',
      quality: 'low',
    });
    expect(lastBody()).toEqual({
      model: 'gpt-image-1.5',
      prompt: 'x',
      output_format: 'webp',
      output_compression: 60,
      size: '1536x1024',
      quality: 'low',
    });
    expect(readImageMetadata(result.images[0]!.bytes)).toEqual({
      mediaType: 'image/webp',
      width: 1536,
      height: 1024,
    });
    expect(result.providerMetadata[0]).toMatchObject({
      openai: { quality: 'low', size: '1536x1024', outputFormat: 'webp' },
    });
  });

  it('snaps a size it cannot send, and says so', async () => {
    const result = await hub().generate('gpt-image-1', { prompt: 'x', size: '1920x1080', seed: 4 });
    expect(lastBody().size).toBe('1536x1024');
    expect(lastBody().seed).toBeUndefined();
    expect(result.images[0]?.width).toBe(1536);
    expect(result.warnings.map(warning => warning.type !== 'other' && warning.feature)).toEqual([
      'seed',
      'size',
    ]);
  });

  it('asks dall-e-3 for one image per call and fans out the rest', async () => {
    const result = await hub().generate('dall-e-3', {
      prompt: 'x',
      n: 3,
      response_format: 'b64_json',
      style: 'natural',
      quality: 'hd',
    });
    const posts = simulator.requests.filter(request => request.method === 'POST');
    expect(posts.map(request => request.json<{ n: number }>().n)).toEqual([1, 1, 1]);
    expect(posts[0]?.json()).toMatchObject({
      style: 'natural',
      quality: 'hd',
      response_format: 'b64_json',
    });
    expect(result.images).toHaveLength(3);
    expect(result.images.every(image => image.url === undefined)).toBe(true);
  });

  it('asks the GPT image models for up to 10 images in one call', async () => {
    const result = await hub().generate('gpt-image-1-mini', { prompt: 'x', n: 3, quality: 'low' });
    expect(simulator.requests.filter(request => request.method === 'POST')).toHaveLength(1);
    expect(result.images).toHaveLength(3);
  });

  it('hands large b64_json over as views of the response body, never as strings', async () => {
    const result = await hub().generate('gpt-image-1', { prompt: 'x', n: 2, size: '1536x1024' });
    const [first, second] = result.images;
    expect(first?.base64Bytes).toBeInstanceOf(Uint8Array);
    expect(first?.base64Bytes?.buffer).toBe(second?.base64Bytes?.buffer);
    expect(first?.byteLength).toBe(first?.bytes.byteLength);
    expect(readImageMetadata(first!.bytes)).toEqual({
      mediaType: 'image/png',
      width: 1536,
      height: 1024,
    });
    expect(first?.base64).toBe(Buffer.from(first!.bytes).toString('base64'));
  });
});

describe('edits', () => {
  it('sends inline images as multipart, repeated image[] parts and a mask, with input_fidelity', async () => {
    const first = pngDataUri(1024, 1024, 1);
    const second = Buffer.from(
      synthesizeImage({ width: 512, height: 512, format: 'jpeg', seed: 2 }),
    );
    const result = await hub().generate('gpt-image-1', {
      prompt: 'merge them',
      images: [first, second],
      mask: pngDataUri(1024, 1024, 3),
      input_fidelity: 'high',
    });
    const request = simulator.requests.at(-1)!;
    expect(request.path).toBe('/v1/images/edits');
    const parts = request.multipart();
    expect(parts.map(part => part.name)).toEqual([
      'model',
      'prompt',
      'input_fidelity',
      'image[]',
      'image[]',
      'mask',
    ]);
    expect(parts.find(part => part.filename === 'image-1.jpg')?.contentType).toBe('image/jpeg');
    expect(new Uint8Array(parts[4]!.data)).toEqual(new Uint8Array(second));
    expect(result.images).toHaveLength(1);
  });

  it('sends one inline image as the plain image part', async () => {
    await hub().generate('gpt-image-1-mini', { prompt: 'add a hat', image: pngDataUri(64, 64) });
    expect(
      simulator.requests
        .at(-1)!
        .multipart()
        .map(part => part.name),
    ).toEqual(['model', 'prompt', 'image']);
  });

  it('sends URL images as JSON without downloading them, and moderation as JSON', async () => {
    await hub().generate('gpt-image-1.5', {
      prompt: 'x',
      images: ['https://images.example/deer.png', pngDataUri(64, 64)],
    });
    const body = lastBody() as { images: Array<{ image_url: string }> };
    expect(body.images[0]).toEqual({ image_url: 'https://images.example/deer.png' });
    expect(body.images[1]?.image_url).toMatch(/^data:image\/png;base64,/);
    expect(simulator.requests.filter(request => request.method === 'GET')).toHaveLength(0);
    await hub().generate('gpt-image-1', {
      prompt: 'x',
      image: pngDataUri(64, 64),
      moderation: 'low',
    });
    expect(lastBody()).toMatchObject({
      moderation: 'low',
      images: [{ image_url: expect.stringMatching(/^data:/) }],
    });
  });

  it('refuses a mask that is not a PNG of the first image size, before sending', async () => {
    const wrongSize = hub().generate('gpt-image-1', {
      prompt: 'x',
      image: pngDataUri(64, 64),
      mask: pngDataUri(32, 32),
    });
    await expect(wrongSize).rejects.toThrow(
      'mask: the mask is 32x32 but the first image is 64x64; they must match',
    );
    const jpeg = Buffer.from(synthesizeImage({ width: 64, height: 64, format: 'jpeg' })).toString(
      'base64',
    );
    await expect(
      hub().generate('gpt-image-1', { prompt: 'x', image: pngDataUri(64, 64), mask: jpeg }),
    ).rejects.toSatisfy(InvalidInputError.isInstance);
    expect(simulator.requests).toHaveLength(0);
  });
});

describe('streaming partial images', () => {
  it('surfaces each partial image as a progress event and returns the completed image', async () => {
    const events: GenerateProgressEvent[] = [];
    const result = await hub().generate(
      'gpt-image-1',
      { prompt: 'a lighthouse', partial_images: 2, size: '1024x1536' },
      { onProgress: event => events.push(event) },
    );
    expect(lastBody()).toMatchObject({ stream: true, partial_images: 2 });
    const partials = events.filter(event => event.type === 'partial-image');
    expect(
      partials.map(event => event.type === 'partial-image' && [event.index, event.partial]),
    ).toEqual([
      [0, 0],
      [0, 1],
    ]);
    for (const event of partials) {
      if (event.type !== 'partial-image') continue;
      expect(readImageMetadata(Buffer.from(event.image.data as string, 'base64'))?.mediaType).toBe(
        'image/png',
      );
    }
    expect(result.images).toHaveLength(1);
    expect(readImageMetadata(result.images[0]!.bytes)).toEqual({
      mediaType: 'image/png',
      width: 1024,
      height: 1536,
    });
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('streams several images as one stream each, since OpenAI streams only n = 1', async () => {
    const events: GenerateProgressEvent[] = [];
    const result = await hub().generate(
      'gpt-image-1',
      { prompt: 'two lighthouses', n: 2, partial_images: 1 },
      { onProgress: event => events.push(event) },
    );
    const posts = simulator.requests.filter(request => request.method === 'POST');
    expect(posts.map(request => request.json<{ n: number; stream: boolean }>())).toEqual([
      expect.objectContaining({ n: 1, stream: true }),
      expect.objectContaining({ n: 1, stream: true }),
    ]);
    const previews = events.flatMap(event =>
      event.type === 'partial-image' ? [`${event.index}:${event.partial}`] : [],
    );
    expect(previews.sort()).toEqual(['0:0', '1:0']);
    expect(result.images).toHaveLength(2);
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
  });
});

describe('errors', () => {
  it('maps moderation to ContentFilteredError for both families', async () => {
    for (const path of ['gpt-image-1', 'dall-e-3']) {
      await expect(
        hub().generate(path, { prompt: `a ${openaiTestPrompts.moderationBlocked} prompt` }),
      ).rejects.toSatisfy(
        error =>
          ContentFilteredError.isInstance(error) &&
          error.stage === 'input' &&
          error.provider === 'openai',
      );
    }
  });

  it('maps a 429 to RateLimitError with Retry-After and the rate-limit headers', async () => {
    const error = await hub({ retry: false })
      .generate('gpt-image-1', { prompt: openaiTestPrompts.rateLimited })
      .catch((thrown: unknown) => thrown);
    expect(RateLimitError.isInstance(error)).toBe(true);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.retryAfterMs).toBe(12_000);
    expect(Object.keys(rateLimit.limits).length).toBeGreaterThan(0);
    expect(rateLimit.message).toContain('Rate limit reached');
  });

  it('maps a 400 naming a parameter to InvalidInputError at that field', async () => {
    const error = await hub()
      .generate('gpt-image-1', { prompt: 'x', size: 'auto', bogus: 1 } as never, {
        unknownKeys: 'passthrough',
      })
      .catch((thrown: unknown) => thrown);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues[0]?.path).toEqual(['bogus']);
    expect((error as InvalidInputError).message).toContain('OpenAI rejected it');
    simulator.reset();
  });

  it('explains the organization-verification 403', async () => {
    const unverified = await startOpenAISimulator({ apiKey, organizationVerified: false });
    try {
      const provider = createOpenAI({ apiKey, baseURL: `${unverified.url}/v1` });
      const error = await createEasel({ providers: [provider] })
        .generate('gpt-image-1', { prompt: 'x' })
        .catch((thrown: unknown) => thrown);
      expect(ProviderError.isInstance(error) && error.providerCode).toBe(
        'organization_not_verified',
      );
      expect((error as Error).message).toContain(
        'verify it at https://platform.openai.com/settings/organization/general',
      );
    } finally {
      await unverified.close();
    }
  });

  it('maps a bad key to a ProviderError that never contains the key', async () => {
    const wrongKey = 'sk-wrong-key-9f8e7d6c5b4a';
    const error = await hub({ apiKey: wrongKey })
      .generate('gpt-image-1', { prompt: 'x' })
      .catch((thrown: unknown) => thrown);
    expect(ProviderError.isInstance(error) && error.status).toBe(401);
    expect(`${(error as Error).message} ${inspect(error)} ${JSON.stringify(error)}`).not.toContain(
      wrongKey,
    );
  });
});
