import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  bytesOf,
  imageBlob,
  metadataOf,
  postSd3,
  readError,
  type Sd3JsonBody,
  sd3Form,
  sd3Path,
  testApiKey,
  useStabilitySimulator,
} from './__fixtures__/stability-client.js';
import { stabilityOutputSizes } from './stability-output-sizes.js';
import { startStabilitySimulator } from './start-stability-simulator.js';

const deer = 'A deer drinking in the lake, morning mist, photograph';

describe('startStabilitySimulator', () => {
  const simulator = useStabilitySimulator();

  it('answers the seed form with one real 1024×1024 PNG and its headers', async () => {
    const response = await postSd3(simulator(), sd3Form({ prompt: deer }), { accept: 'image/*' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('finish-reason')).toBe('SUCCESS');
    expect(response.headers.get('seed')).toMatch(/^[1-9]\d*$/);
    expect(Number(response.headers.get('seed'))).toBeLessThanOrEqual(4_294_967_294);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(metadataOf(await bytesOf(response))).toEqual({
      mediaType: 'image/png',
      width: 1024,
      height: 1024,
    });
  });

  it('takes the empty file part of the Python samples that only forces multipart', async () => {
    const form = sd3Form({ prompt: deer }, [['none', new Blob([]), 'none']]);

    const response = await postSd3(simulator(), form);

    expect(response.status).toBe(200);
  });

  it('lists the nine aspect ratios with their one-megapixel sizes', () => {
    expect(stabilityOutputSizes).toEqual({
      '21:9': { width: 1536, height: 640 },
      '16:9': { width: 1344, height: 768 },
      '3:2': { width: 1216, height: 832 },
      '5:4': { width: 1088, height: 896 },
      '1:1': { width: 1024, height: 1024 },
      '4:5': { width: 896, height: 1088 },
      '2:3': { width: 832, height: 1216 },
      '9:16': { width: 768, height: 1344 },
      '9:21': { width: 640, height: 1536 },
    });
  });

  it.each(Object.entries(stabilityOutputSizes))(
    'renders aspect_ratio %s at its size',
    async (aspectRatio, size) => {
      const form = sd3Form({ prompt: deer, aspect_ratio: aspectRatio, output_format: 'jpeg' });

      const response = await postSd3(simulator(), form);

      expect(response.status).toBe(200);
      expect(metadataOf(await bytesOf(response))).toEqual({ mediaType: 'image/jpeg', ...size });
    },
  );

  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ])('answers output_format %s with real %s bytes', async (outputFormat, mediaType) => {
    const form = sd3Form({ prompt: deer, output_format: outputFormat, aspect_ratio: '16:9' });

    const response = await postSd3(simulator(), form);

    expect(response.headers.get('content-type')).toBe(mediaType);
    expect(metadataOf(await bytesOf(response))).toEqual({ mediaType, width: 1344, height: 768 });
  });

  it('answers accept: application/json with base64, finish_reason and a numeric seed', async () => {
    const form = sd3Form({ prompt: deer, output_format: 'webp', seed: '343940597' });

    const response = await postSd3(simulator(), form, { accept: 'application/json' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; type=image/webp');
    expect(response.headers.get('finish-reason')).toBeNull();
    expect(response.headers.get('seed')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const body = (await response.json()) as Sd3JsonBody;
    expect(Object.keys(body)).toEqual(['image', 'finish_reason', 'seed']);
    expect(body.finish_reason).toBe('SUCCESS');
    expect(body.seed).toBe(343940597);
    expect(metadataOf(body.image)).toEqual({ mediaType: 'image/webp', width: 1024, height: 1024 });
  });

  it('gives the same bytes in both modes', async () => {
    const form = () => sd3Form({ prompt: deer, seed: '12' });

    const bytes = await bytesOf(await postSd3(simulator(), form()));
    const json = (await (
      await postSd3(simulator(), form(), { accept: 'application/json' })
    ).json()) as Sd3JsonBody;

    expect(Buffer.from(json.image, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });

  it('answers raw bytes when no accept header is sent at all', async () => {
    const form = new Response(sd3Form({ prompt: deer }));
    const response = await request(`${simulator().url}${sd3Path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${testApiKey}`,
        'content-type': form.headers.get('content-type') ?? '',
      },
      body: Buffer.from(await form.arrayBuffer()),
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['finish-reason']).toBe('SUCCESS');
    expect(metadataOf(new Uint8Array(await response.body.arrayBuffer()))?.width).toBe(1024);
    expect(simulator().requests.at(-1)?.headers.accept).toBeUndefined();
  });

  it.each([
    ['*/*', 'image/png'],
    ['image/*;q=0.9', 'image/png'],
    ['application/json, text/plain, */*', 'application/json; type=image/png'],
    ['text/html, image/*, application/json', 'image/png'],
  ])('reads accept %s as %s', async (accept, contentType) => {
    const response = await postSd3(simulator(), sd3Form({ prompt: deer }), { accept });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
  });

  it.each(['image/png', 'text/html', 'application/xml'])(
    'refuses accept %s with 400 bad_request',
    async accept => {
      const response = await postSd3(simulator(), sd3Form({ prompt: deer }), { accept });

      expect(response.status).toBe(400);
      expect(await readError(response)).toMatchObject({
        name: 'bad_request',
        errors: ['accept: must be image/* or application/json'],
      });
    },
  );

  it('is deterministic in seed and prompt', async () => {
    const render = async (fields: Record<string, string>) =>
      Buffer.from(await bytesOf(await postSd3(simulator(), sd3Form(fields))));

    const first = await render({ prompt: deer, seed: '42' });
    const again = await render({ prompt: deer, seed: '42' });
    const otherSeed = await render({ prompt: deer, seed: '43' });
    const otherPrompt = await render({ prompt: 'A heron in the reeds', seed: '42' });

    expect(again.equals(first)).toBe(true);
    expect(otherSeed.equals(first)).toBe(false);
    expect(otherPrompt.equals(first)).toBe(false);
  });

  it('reports the seed it drew for seed 0 or none, and that seed replays the picture', async () => {
    const drawn = await postSd3(simulator(), sd3Form({ prompt: deer }));
    const zero = await postSd3(simulator(), sd3Form({ prompt: deer, seed: '0' }));
    const seed = drawn.headers.get('seed') ?? '';

    const replayed = await postSd3(simulator(), sd3Form({ prompt: deer, seed }));

    expect(zero.headers.get('seed')).not.toBe(seed);
    expect(replayed.headers.get('seed')).toBe(seed);
    expect(Buffer.from(await bytesOf(replayed)).equals(Buffer.from(await bytesOf(drawn)))).toBe(
      true,
    );
  });

  it('accepts every model, sd3.5-flash and the re-routed SD3 ids included', async () => {
    for (const model of [
      'sd3.5-large',
      'sd3.5-large-turbo',
      'sd3.5-medium',
      'sd3.5-flash',
      'sd3-large',
      'sd3-large-turbo',
      'sd3-medium',
    ]) {
      const response = await postSd3(simulator(), sd3Form({ prompt: deer, model }));
      expect({ model, status: response.status }).toEqual({ model, status: 200 });
    }
  });

  it('renders a re-routed SD3 id exactly as its 3.5 successor, and sd3.5-large by default', async () => {
    const render = async (fields: Record<string, string>) =>
      Buffer.from(
        await bytesOf(await postSd3(simulator(), sd3Form({ prompt: deer, seed: '5', ...fields }))),
      );

    const legacy = await render({ model: 'sd3-medium' });
    const successor = await render({ model: 'sd3.5-medium' });
    const implicit = await render({});
    const large = await render({ model: 'sd3.5-large' });

    expect(legacy.equals(successor)).toBe(true);
    expect(implicit.equals(large)).toBe(true);
    expect(large.equals(successor)).toBe(false);
  });

  it('lets negative_prompt shape the picture on Large but not on Turbo or Flash', async () => {
    const render = async (model: string, negativePrompt?: string) =>
      Buffer.from(
        await bytesOf(
          await postSd3(
            simulator(),
            sd3Form({
              prompt: deer,
              seed: '9',
              model,
              ...(negativePrompt === undefined ? {} : { negative_prompt: negativePrompt }),
            }),
          ),
        ),
      );

    expect((await render('sd3.5-large', 'fog')).equals(await render('sd3.5-large'))).toBe(false);
    for (const model of ['sd3.5-large-turbo', 'sd3.5-flash']) {
      expect((await render(model, 'fog')).equals(await render(model))).toBe(true);
    }
  });

  it('fills in the model’s default cfg_scale', async () => {
    const render = async (fields: Record<string, string>) =>
      Buffer.from(
        await bytesOf(await postSd3(simulator(), sd3Form({ prompt: deer, seed: '3', ...fields }))),
      );

    expect((await render({ cfg_scale: '4' })).equals(await render({}))).toBe(true);
    expect((await render({ cfg_scale: '7' })).equals(await render({}))).toBe(false);
    expect(
      (await render({ model: 'sd3.5-flash', cfg_scale: '1' })).equals(
        await render({ model: 'sd3.5-flash' }),
      ),
    ).toBe(true);
  });

  it.each<[string, number, number, 'png' | 'jpeg' | 'webp', number, number]>([
    ['a PNG', 300, 200, 'png', 256, 192],
    ['a JPEG', 640, 480, 'jpeg', 640, 448],
    ['a WebP', 64, 100, 'webp', 64, 64],
  ])(
    'renders image-to-image from %s (%i×%i) at its size rounded down to multiples of 64',
    async (_name, width, height, format, outputWidth, outputHeight) => {
      const form = sd3Form(
        { prompt: deer, mode: 'image-to-image', strength: '0.6', output_format: 'webp' },
        [['image', imageBlob(width, height, format), `input.${format}`]],
      );

      const response = await postSd3(simulator(), form);

      expect(response.status).toBe(200);
      expect(response.headers.get('finish-reason')).toBe('SUCCESS');
      expect(metadataOf(await bytesOf(response))).toEqual({
        mediaType: 'image/webp',
        width: outputWidth,
        height: outputHeight,
      });
    },
  );

  it('makes image-to-image depend on the input and the strength', async () => {
    const render = async (strength: string, seed: number) =>
      Buffer.from(
        await bytesOf(
          await postSd3(
            simulator(),
            sd3Form({ prompt: deer, mode: 'image-to-image', strength, seed: '1' }, [
              ['image', imageBlob(128, 128, 'png', seed), 'input.png'],
            ]),
          ),
        ),
      );

    const first = await render('0.5', 1);

    expect((await render('0.5', 1)).equals(first)).toBe(true);
    expect((await render('0.7', 1)).equals(first)).toBe(false);
    expect((await render('0.5', 2)).equals(first)).toBe(false);
  });

  it.each([
    ['GET', sd3Path],
    ['POST', '/v2beta/stable-image/generate/core'],
    ['POST', `${sd3Path}/`],
    ['POST', '/v1/generation/stable-diffusion-v1-6/text-to-image'],
  ])('answers %s %s with 404 not_found', async (method, path) => {
    const response = await fetch(`${simulator().url}${path}`, {
      method,
      headers: { authorization: `Bearer ${testApiKey}` },
      ...(method === 'GET' ? {} : { body: sd3Form({ prompt: deer }) }),
    });

    expect(response.status).toBe(404);
    expect(await readError(response)).toMatchObject({
      name: 'not_found',
      errors: [`${method} ${path}: no such route`],
    });
  });

  it('keeps fault injection working', async () => {
    simulator().inject({
      match: { method: 'POST', path: sd3Path },
      times: 1,
      fault: {
        type: 'respond',
        status: 500,
        body: {
          id: '0'.repeat(32),
          name: 'internal_error',
          errors: ['An unexpected server error has occurred, please try again later.'],
        },
      },
    });

    const faulted = await postSd3(simulator(), sd3Form({ prompt: deer }));
    const next = await postSd3(simulator(), sd3Form({ prompt: deer }));

    expect(faulted.status).toBe(500);
    expect(((await faulted.json()) as { name: string }).name).toBe('internal_error');
    expect(next.status).toBe(200);
    expect(simulator().requests.at(-2)?.fault).toBe('respond');
  });

  it('truncates a real image answer on a truncate fault', async () => {
    simulator().inject({ match: { path: sd3Path }, times: 1, fault: { type: 'truncate' } });

    await expect(
      postSd3(simulator(), sd3Form({ prompt: deer })).then(response => response.arrayBuffer()),
    ).rejects.toThrow();
  });
});

describe('startStabilitySimulator options', () => {
  it('accepts any non-empty bearer key by default', async () => {
    const simulator = await startStabilitySimulator();
    try {
      const response = await postSd3(simulator, sd3Form({ prompt: deer }), {
        authorization: 'Bearer anything-at-all',
      });

      expect(response.status).toBe(200);
      expect(simulator.errors).toEqual([]);
    } finally {
      await simulator.close();
    }
  });

  it('draws different seeds with a different simulator seed, the same with the same', async () => {
    const simulators = await Promise.all([1, 1, 2].map(seed => startStabilitySimulator({ seed })));
    try {
      const seeds = await Promise.all(
        simulators.map(simulator =>
          postSd3(simulator, sd3Form({ prompt: deer })).then(response =>
            response.headers.get('seed'),
          ),
        ),
      );

      expect(seeds[0]).toBe(seeds[1]);
      expect(seeds[2]).not.toBe(seeds[0]);
    } finally {
      await Promise.all(simulators.map(simulator => simulator.close()));
    }
  });

  it.each([
    [{ apiKey: '' }, /apiKey must be a non-empty key/],
    [{ apiKey: 'sk with spaces' }, /apiKey must be a non-empty key/],
    [{ rateLimit: { requests: 0, windowMs: 1000, penaltyMs: 0 } }, /rateLimit.requests/],
    [{ rateLimit: { requests: 1.5, windowMs: 1000, penaltyMs: 0 } }, /rateLimit.requests/],
    [{ rateLimit: { requests: 1, windowMs: 0, penaltyMs: 0 } }, /rateLimit.windowMs/],
    [{ rateLimit: { requests: 1, windowMs: 1000, penaltyMs: -1 } }, /rateLimit.penaltyMs/],
  ])('refuses the options %j', async (options, message) => {
    await expect(startStabilitySimulator(options)).rejects.toThrow(message);
  });
});
