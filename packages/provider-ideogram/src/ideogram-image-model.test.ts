import { inspect } from 'node:util';
import {
  AbortError,
  ContentFilteredError,
  createEasel,
  InvalidInputError,
  ProviderError,
  RateLimitError,
  readImageMetadata,
} from '@easel/core';
import { loadSharedSpec } from '@easel/specs';
import { synthesizeImage } from '@easel/testkit';
import {
  type IdeogramSimulator,
  ideogramResolutionForAspectRatio,
  ideogramTestPrompts,
  startIdeogramSimulator,
} from '@easel/testkit/ideogram';
import { OpenApiValidator, specRequestBody } from '@easel/testkit/specs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ideogramAnswer, mockIdeogram, startFileHost } from './__fixtures__/ideogram-mock.js';
import { createIdeogram, type IdeogramProviderSettings } from './ideogram-provider.js';

const spec = new OpenApiValidator(loadSharedSpec('ideogram-v3.openapi.json'));
const apiKey = 'ideogram-test-key-7c41d9e02b';
const deer =
  'A deer drinking in the lake, Sakura petals falling, green and clean water, japanese temple, dappled sunlight, cinematic lighting, expansive view, peace, in the style of Pixar 3D';
let simulator: IdeogramSimulator;

beforeAll(async () => {
  simulator = await startIdeogramSimulator({ apiKey });
});
afterAll(() => simulator.close());
afterEach(() => {
  // Every request the adapter sent must be valid against the official spec.
  for (const request of simulator.requests.filter(candidate => candidate.method === 'POST')) {
    expect(
      spec.validateRequest(request.path, specRequestBody(request)),
      `${request.method} ${request.path}`,
    ).toEqual([]);
  }
  expect(simulator.errors).toEqual([]);
  simulator.reset();
});

function hub(settings: IdeogramProviderSettings = {}) {
  const provider = createIdeogram({
    apiKey,
    baseURL: simulator.url,
    downloads: { allowlist: [...simulator.origins] },
    ...settings,
  });
  return createEasel({ providers: [provider], maxConcurrency: 16 });
}

const posts = () => simulator.requests.filter(request => request.method === 'POST');
const lastRequest = () => posts().at(-1)!;
const lastFields = () => specRequestBody(lastRequest()).body as Record<string, unknown>;
const png = (width: number, height: number, seed = 1) =>
  `data:image/png;base64,${Buffer.from(synthesizeImage({ width, height, format: 'png', seed })).toString('base64')}`;
const sizes = (result: { images: ReadonlyArray<{ bytes: Uint8Array }> }) =>
  result.images.map(image => {
    const metadata = readImageMetadata(image.bytes);
    return `${metadata?.width}x${metadata?.height}`;
  });

describe('the seed document, verbatim', () => {
  const body = { prompt: deer, rendering_speed: 'QUALITY', aspect_ratio: '2x1' } as const;
  const expected = ideogramResolutionForAspectRatio('2x1');

  it.each(['ideogram/V3', 'ideogram/v3', 'ideogram-v3', 'V3'])('through %s', async path => {
    const result = await hub().generate(path, body);
    expect(lastRequest().path).toBe('/v1/ideogram-v3/generate');
    expect(lastRequest().headers['api-key']).toBe(apiKey);
    expect(lastFields()).toEqual(body);
    expect(result.warnings).toEqual([]);
    expect(result.images).toHaveLength(1);
    const image = result.images[0]!;
    expect(readImageMetadata(image.bytes)).toEqual({
      mediaType: 'image/png',
      width: expected.width,
      height: expected.height,
    });
    expect([image.mediaType, image.width, image.height]).toEqual([
      'image/png',
      expected.width,
      expected.height,
    ]);
    expect(image.url?.startsWith(`${simulator.origins[1]}/`)).toBe(true);
    expect(image.seed).toEqual(expect.any(Number));
    expect(result.providerMetadata[0]).toMatchObject({ ideogram: { operation: 'generate' } });
  });
});

describe('generate', () => {
  it('sends every field under its wire name, the palette as a JSON part', async () => {
    const palette = {
      members: [
        { color_hex: '#b470b3', color_weight: 0.49 },
        { color_hex: '#7a79e3', color_weight: 0.16 },
      ],
    };
    const result = await hub().generate('ideogram/V3', {
      prompt: 'a jazz poster',
      num_images: 2,
      seed: 4242,
      resolution: '1280x800',
      rendering_speed: 'TURBO',
      magic_prompt: 'OFF',
      negative_prompt: 'blur',
      color_palette: palette,
      style_type: 'DESIGN',
      style_preset: 'ART_POSTER',
      custom_model_uri: 'model/poster/version/1',
    });
    expect(lastFields()).toEqual({
      prompt: 'a jazz poster',
      resolution: '1280x800',
      num_images: '2',
      seed: '4242',
      rendering_speed: 'TURBO',
      magic_prompt: 'OFF',
      negative_prompt: 'blur',
      style_type: 'DESIGN',
      style_preset: 'ART_POSTER',
      custom_model_uri: 'model/poster/version/1',
      color_palette: palette,
    });
    const part = lastRequest()
      .multipart()
      .find(candidate => candidate.name === 'color_palette');
    expect(part?.contentType).toBe('application/json');
    expect(result.images.map(image => image.seed)).toEqual([4242, 4242]);
    expect(sizes(result)).toEqual(['1280x800', '1280x800']);
    expect(result.images.every(image => image.revisedPrompt === undefined)).toBe(true);
  });

  it('sends style codes and reference images as repeated parts', async () => {
    const jpeg = Buffer.from(synthesizeImage({ width: 48, height: 48, format: 'jpeg', seed: 3 }));
    await hub().generate('ideogram/V3', {
      prompt: 'a portrait',
      style_codes: ['AAFF5733', '0133FF57'],
      character_reference_images: [png(64, 64, 2)],
      character_reference_images_mask: [png(64, 64, 4)],
    });
    const parts = lastRequest().multipart();
    expect(parts.filter(part => part.name === 'style_codes').map(part => part.text())).toEqual([
      'AAFF5733',
      '0133FF57',
    ]);
    await hub().generate('ideogram/V3', {
      prompt: 'a portrait',
      style_reference_images: [png(64, 64, 1), jpeg],
    });
    const references = lastRequest()
      .multipart()
      .filter(part => part.name === 'style_reference_images');
    expect(references.map(part => part.contentType)).toEqual(['image/png', 'image/jpeg']);
    expect(new Uint8Array(references[1]!.data)).toEqual(new Uint8Array(jpeg));
  });

  it('returns the MagicPrompt rewrite as revisedPrompt', async () => {
    const result = await hub().generate('ideogram/V3', {
      prompt: 'a lighthouse',
      magic_prompt: 'ON',
    });
    const revised = result.images[0]?.revisedPrompt;
    expect(revised).toEqual(expect.stringMatching(/^a lighthouse\. /));
  });

  it('snaps a size to the nearest resolution with a warning; an exact one goes silently', async () => {
    const snapped = await hub().generate('ideogram/V3', { prompt: 'x', size: '1920x1080' });
    expect(lastFields().resolution).toBe('1344x768');
    expect(snapped.warnings).toEqual([
      expect.objectContaining({ type: 'approximated', feature: 'size', used: '1344x768' }),
    ]);
    expect(sizes(snapped)).toEqual(['1344x768']);
    const exact = await hub().generate('ideogram/V3', { prompt: 'x', size: '576x1408' });
    expect(exact.warnings).toEqual([]);
    expect(sizes(exact)).toEqual(['576x1408']);
  });

  it('sends the common aspect ratio in Ideogram’s x form, snapped to the nearest of the 15', async () => {
    await hub().generate('ideogram/V3', { prompt: 'x', aspect_ratio: '16:9' });
    expect(lastFields().aspect_ratio).toBe('16x9');
    const snapped = await hub().generate('ideogram/V3', { prompt: 'x', aspect_ratio: '21:9' });
    expect(lastFields().aspect_ratio).toBe('2x1');
    expect(snapped.warnings[0]).toMatchObject({ feature: 'aspect_ratio', used: '2:1' });
  });

  it('asks for up to 8 images in one call and fans out beyond', async () => {
    const eight = await hub().generate('ideogram/V3', { prompt: 'x', n: 8, size: '512x1536' });
    expect(posts().map(request => specRequestBody(request).body)).toEqual([
      expect.objectContaining({ num_images: '8' }),
    ]);
    expect(eight.images).toHaveLength(8);
    simulator.reset();
    const twelve = await hub().generate('ideogram/V3', {
      prompt: 'x',
      n: 12,
      seed: 10,
      size: '512x1536',
    });
    expect(
      posts()
        .map(request => specRequestBody(request).body as Record<string, string>)
        .map(fields => [fields.num_images, fields.seed])
        .sort(),
    ).toEqual([
      ['4', '18'],
      ['8', '10'],
    ]);
    expect(twelve.images).toHaveLength(12);
  });
});

describe('image operations', () => {
  it('edits with an image and a mask', async () => {
    const result = await hub().generate('ideogram/V3', {
      prompt: 'add a red scarf',
      image: png(96, 64, 1),
      mask: png(96, 64, 2),
      rendering_speed: 'FLASH',
      style_type: 'REALISTIC',
    });
    expect(lastRequest().path).toBe('/v1/ideogram-v3/edit');
    expect(
      lastRequest()
        .multipart()
        .map(part => [part.name, part.contentType]),
    ).toEqual([
      ['prompt', undefined],
      ['rendering_speed', undefined],
      ['style_type', undefined],
      ['image', 'image/png'],
      ['mask', 'image/png'],
    ]);
    expect(sizes(result)).toEqual(['96x64']);
    expect(result.providerMetadata[0]).toMatchObject({ ideogram: { operation: 'edit' } });
  });

  it('remixes an image with a prompt, image_weight and an aspect ratio', async () => {
    const result = await hub().generate('ideogram/V3', {
      prompt: 'the same in winter',
      image: png(64, 64, 1),
      image_weight: 70,
      aspect_ratio: '16:10',
      negative_prompt: 'people',
    });
    expect(lastRequest().path).toBe('/v1/ideogram-v3/remix');
    expect(lastFields()).toMatchObject({
      image_weight: '70',
      aspect_ratio: '16x10',
      negative_prompt: 'people',
    });
    const expected = ideogramResolutionForAspectRatio('16x10');
    expect(sizes(result)).toEqual([`${expected.width}x${expected.height}`]);
  });

  it('reframes a square image to a resolution, without a prompt', async () => {
    const result = await hub().generate('ideogram/V3', {
      image: png(64, 64, 1),
      resolution: '1536x640',
      n: 2,
    });
    expect(lastRequest().path).toBe('/v1/ideogram-v3/reframe');
    expect(Object.keys(lastFields()).sort()).toEqual(['image', 'num_images', 'resolution']);
    expect(sizes(result)).toEqual(['1536x640', '1536x640']);
    await hub().generate('ideogram/V3', { image: png(64, 64, 1), size: '1600x640' });
    expect(lastRequest().path).toBe('/v1/ideogram-v3/reframe');
    expect(lastFields().resolution).toBe('1536x640');
  });

  it('replaces the background when asked explicitly', async () => {
    const result = await hub().generate('ideogram/V3', {
      operation: 'replace-background',
      image: png(80, 48, 1),
      prompt: 'a marble counter',
      magic_prompt: 'OFF',
      style_preset: 'GOLDEN_HOUR',
    });
    expect(lastRequest().path).toBe('/v1/ideogram-v3/replace-background');
    expect(lastFields()).toEqual({
      prompt: 'a marble counter',
      magic_prompt: 'OFF',
      style_preset: 'GOLDEN_HOUR',
      image: expect.stringMatching(/^<binary image-0\.png /),
    });
    expect(sizes(result)).toEqual(['80x48']);
  });

  it('takes an input image by URL, downloaded through the guard', async () => {
    const first = await hub().generate('ideogram/V3', { prompt: 'a square', size: '1024x1024' });
    const url = first.images[0]!.url!;
    const remix = await hub().generate('ideogram/V3', { prompt: 'remix it', image: url });
    expect(lastRequest().path).toBe('/v1/ideogram-v3/remix');
    expect(remix.images).toHaveLength(1);
  });

  it('refuses what the operation does not take, and the exclusions, before any request', async () => {
    const refusals: Array<[Record<string, unknown>, string, RegExp]> = [
      [
        { prompt: 'x', image: png(64, 64), mask: png(64, 64), negative_prompt: 'blur' },
        'negative_prompt',
        /negative_prompt is not taken by edit/,
      ],
      [
        { image: png(64, 64), resolution: '1024x1024', style_type: 'DESIGN' },
        'style_type',
        /style_type is not taken by reframe/,
      ],
      [
        { prompt: 'x', aspect_ratio: '2x1', size: '1024x1024' },
        'aspect_ratio',
        /mutually exclusive/,
      ],
      [
        { prompt: 'x', style_codes: ['AAFF5733'], style_reference_images: [png(64, 64)] },
        'style_codes',
        /cannot be combined with style_reference_images/,
      ],
      [{ image: png(64, 64) }, 'prompt', /remix \(chosen from the inputs given\) needs prompt/],
    ];
    for (const [input, path, message] of refusals) {
      const error = await hub()
        .generate('ideogram/V3', input as never)
        .catch((thrown: unknown) => thrown);
      expect(InvalidInputError.isInstance(error), JSON.stringify(Object.keys(input))).toBe(true);
      const issue = (error as InvalidInputError).issues.find(
        candidate => candidate.path.join('.') === path,
      );
      expect(issue?.message).toMatch(message);
    }
    expect(simulator.requests).toHaveLength(0);
  });

  it('maps Ideogram’s 400 about an input to InvalidInputError at that field', async () => {
    const error = await hub()
      .generate('ideogram/V3', { prompt: 'x', image: png(64, 64), mask: png(32, 32) })
      .catch((thrown: unknown) => thrown);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues[0]?.path).toEqual(['mask']);
    expect((error as Error).message).toContain('Ideogram rejected the edit request');
  });
});

describe('moderation and errors', () => {
  it('turns unsafe items into warnings and returns the others', async () => {
    const result = await hub().generate('ideogram/V3', {
      prompt: `a fox ${ideogramTestPrompts.unsafeOne}`,
      n: 3,
    });
    expect(result.images).toHaveLength(2);
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message:
          'Ideogram withheld an image (1 of 1 withheld, 3 made): it failed Ideogram’s safety check',
      },
    ]);
    expect(result.providerMetadata[0]).toMatchObject({ ideogram: { withheld: 1 } });
  });

  it('fails with ContentFilteredError (output) when every item is unsafe', async () => {
    const error = await hub()
      .generate('ideogram/V3', { prompt: `a fox ${ideogramTestPrompts.unsafeAll}`, n: 2 })
      .catch((thrown: unknown) => thrown);
    expect(ContentFilteredError.isInstance(error) && error.stage).toBe('output');
  });

  it('maps the 422 safety error to ContentFilteredError (input)', async () => {
    const error = await hub()
      .generate('ideogram/V3', { prompt: `a fox ${ideogramTestPrompts.unsafePrompt}` })
      .catch((thrown: unknown) => thrown);
    expect(ContentFilteredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      stage: 'input',
      status: 422,
      reason: 'Prompt provided failed safety check due to the inclusion of prohibited content.',
    });
  });

  it('maps a 429 to RateLimitError with Ideogram’s message', async () => {
    const error = await hub({ retry: false })
      .generate('ideogram/V3', { prompt: `a fox ${ideogramTestPrompts.rateLimited}` })
      .catch((thrown: unknown) => thrown);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('rate limit for this API key has been reached');
  });

  it('maps a refused key to a ProviderError that says so and never contains the key', async () => {
    const wrongKey = 'ideogram-wrong-key-0f9e8d';
    for (const input of [{ prompt: 'x' }, { prompt: 'x', image: png(64, 64) }]) {
      const error = await hub({ apiKey: wrongKey })
        .generate('ideogram/V3', input)
        .catch((thrown: unknown) => thrown);
      expect(ProviderError.isInstance(error)).toBe(true);
      expect([401, 403]).toContain((error as ProviderError).status);
      expect((error as Error).message).toContain('Ideogram refused the API key');
      expect(
        `${(error as Error).message} ${inspect(error)} ${JSON.stringify(error)}`,
      ).not.toContain(wrongKey);
    }
  });
});

describe('the in-flight limit', () => {
  it('queues calls beyond maxConcurrentRequests instead of drawing 429s', async () => {
    const limited = await startIdeogramSimulator({ apiKey, maxInFlight: 2 });
    try {
      limited.inject({ match: { method: 'POST' }, fault: { type: 'latency', ms: 150 } });
      const easel = (maxConcurrentRequests: number) =>
        createEasel({
          providers: [
            createIdeogram({
              apiKey,
              baseURL: limited.url,
              downloads: { allowlist: [...limited.origins] },
              retry: false,
              maxConcurrentRequests,
            }),
          ],
          maxConcurrency: 16,
        });
      const burst = (maxConcurrentRequests: number) => {
        const hub = easel(maxConcurrentRequests);
        return Promise.allSettled(
          Array.from({ length: 5 }, (_, index) =>
            hub.generate('ideogram/V3', { prompt: `fox ${index}`, size: '512x1536' }),
          ),
        );
      };
      const queued = await burst(2);
      expect(queued.map(outcome => outcome.status)).toEqual(Array(5).fill('fulfilled'));
      const sent = limited.requests.filter(request => request.method === 'POST');
      expect(sent).toHaveLength(5);
      for (const request of sent)
        expect(spec.validateRequest(request.path, specRequestBody(request))).toEqual([]);
      limited.reset();
      limited.inject({ match: { method: 'POST' }, fault: { type: 'latency', ms: 150 } });
      // The same burst without the limit: the upstream refuses what is over its own.
      const unqueued = await burst(10);
      const refused = unqueued.filter(outcome => outcome.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      expect(
        refused.every(
          outcome => outcome.status === 'rejected' && RateLimitError.isInstance(outcome.reason),
        ),
      ).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it('lets a queued call leave the queue when it is aborted', async () => {
    simulator.inject({ match: { method: 'POST' }, fault: { type: 'latency', ms: 200 } });
    const easel = hub({ maxConcurrentRequests: 1 });
    const first = easel.generate('ideogram/V3', { prompt: 'first', size: '512x1536' });
    const controller = new AbortController();
    const second = easel.generate(
      'ideogram/V3',
      { prompt: 'second', size: '512x1536' },
      { abortSignal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(second).rejects.toSatisfy(AbortError.isInstance);
    await expect(first).resolves.toBeDefined();
    expect(posts()).toHaveLength(1);
  });
});

describe('result downloads', () => {
  it('never sends the key to the file host', async () => {
    const result = await hub().generate('ideogram/V3', { prompt: 'x', n: 2 });
    expect(result.images.every(image => image.url?.startsWith(simulator.deliveryUrl))).toBe(true);
    const downloads = simulator.deliveryRequests();
    expect(downloads).toHaveLength(2);
    expect(downloads.map(request => request.headers['api-key'])).toEqual([undefined, undefined]);
  });

  it('sends the key to a link on the API’s own origin (a proxy serving both)', async () => {
    const files = await startFileHost();
    try {
      const same = mockIdeogram(files.url);
      same.reply(request => ideogramAnswer(files, request));
      await createEasel({
        providers: [
          createIdeogram({
            apiKey,
            baseURL: files.url,
            dispatcher: same.agent,
            downloads: { allowlist: [files.url] },
          }),
        ],
      }).generate('ideogram/V3', { prompt: 'x' });
      expect(files.requests.map(request => request.headers['api-key'])).toEqual([apiKey]);
      expect(same.violations()).toEqual([]);
      await same.close();
    } finally {
      await files.close();
    }
  });
});
