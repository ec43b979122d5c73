import { describe, expect, it } from 'vitest';
import {
  download,
  imageBlob,
  multipartBody,
  post,
  postForm,
  responseViolations,
  urlsOf,
  useIdeogramSimulator,
} from './__fixtures__/ideogram-client.js';

const simulator = useIdeogramSimulator();

const deerPrompt =
  'A deer drinking in the lake, Sakura petals falling, green and pink tones, in the style of Pixar 3D';
const seedBody = { prompt: deerPrompt, rendering_speed: 'QUALITY', aspect_ratio: '2x1' };

describe('generate', () => {
  it('answers the seed body with one real 2:1 PNG on the file origin', async () => {
    const answer = await postForm(simulator(), 'generate', seedBody);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(responseViolations(answer.body)).toEqual([]);
    expect(answer.body.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(answer.body.data).toHaveLength(1);
    const [item] = answer.body.data ?? [];
    expect(item).toMatchObject({
      prompt: deerPrompt,
      resolution: '1408x704',
      is_image_safe: true,
      style_type: 'GENERAL',
    });
    expect(item).not.toHaveProperty('upscaled_resolution');
    expect(Number.isInteger(item?.seed)).toBe(true);

    const [filesOrigin] = simulator().origins.slice(1);
    const url = new URL(item?.url ?? '');
    expect(url.origin).toBe(filesOrigin);
    expect(url.origin).not.toBe(simulator().url);
    expect(url.pathname).toMatch(/^\/api\/images\/ephemeral\/[0-9A-Za-z]{22}\.png$/);
    expect(url.searchParams.get('sig')).toMatch(/^[0-9a-f]{64}$/);
    const expiry = Number(url.searchParams.get('exp'));
    expect(expiry * 1000).toBeGreaterThan(Date.now() + 3_500_000);

    const image = await download(url.href);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.metadata).toEqual({ mediaType: 'image/png', width: 1408, height: 704 });
  });

  it('accepts the same body as JSON', async () => {
    const answer = await post(simulator(), 'generate', { ...seedBody, num_images: 2, seed: 42 });

    expect(answer.status).toBe(200);
    expect(responseViolations(answer.body)).toEqual([]);
    expect(answer.body.data?.map(item => [item.resolution, item.seed])).toEqual([
      ['1408x704', 42],
      ['1408x704', 42],
    ]);
    const [first, second] = await Promise.all(urlsOf(answer).map(url => download(url)));
    expect(first?.metadata).toEqual({ mediaType: 'image/png', width: 1408, height: 704 });
    expect(first?.bytes.equals(second?.bytes ?? Buffer.alloc(0))).toBe(false);
  });

  it('renders 1x1 at 1024x1024 when neither aspect_ratio nor resolution is sent', async () => {
    const answer = await postForm(simulator(), 'generate', { prompt: 'A teapot' });

    expect(answer.body.data?.[0]?.resolution).toBe('1024x1024');
    const image = await download(urlsOf(answer)[0]!);
    expect(image.metadata).toEqual({ mediaType: 'image/png', width: 1024, height: 1024 });
  });

  it('renders an explicit resolution', async () => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: 'A tall tower',
      resolution: '640x1536',
    });

    expect(answer.body.data?.[0]?.resolution).toBe('640x1536');
    const image = await download(urlsOf(answer)[0]!);
    expect(image.metadata).toEqual({ mediaType: 'image/png', width: 640, height: 1536 });
  });

  it('is deterministic in seed and prompt, and draws a seed when none is sent', async () => {
    const fetchBytes = async (fields: Record<string, string>) => {
      const answer = await postForm(simulator(), 'generate', fields);
      return {
        seed: answer.body.data?.[0]?.seed,
        bytes: (await download(urlsOf(answer)[0]!)).bytes,
      };
    };
    const first = await fetchBytes({ prompt: 'A fox', seed: '7' });
    const again = await fetchBytes({ prompt: 'A fox', seed: '7' });
    const otherSeed = await fetchBytes({ prompt: 'A fox', seed: '8' });
    const otherPrompt = await fetchBytes({ prompt: 'A badger', seed: '7' });
    const drawn = await fetchBytes({ prompt: 'A fox' });

    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(otherSeed.bytes.equals(first.bytes)).toBe(false);
    expect(otherPrompt.bytes.equals(first.bytes)).toBe(false);
    expect(drawn.seed).toBeGreaterThanOrEqual(0);
    expect(drawn.seed).toBeLessThanOrEqual(2_147_483_647);
    expect(Number.isInteger(drawn.seed)).toBe(true);
  });

  it.each(['ON', 'AUTO'])('returns the MagicPrompt rewrite with magic_prompt %s', async option => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: 'A lighthouse at night',
      magic_prompt: option,
      num_images: '2',
    });

    const prompts = answer.body.data?.map(item => item.prompt) ?? [];
    expect(prompts).toHaveLength(2);
    for (const prompt of prompts) {
      expect(prompt.startsWith('A lighthouse at night. ')).toBe(true);
      expect(prompt.length).toBeGreaterThan('A lighthouse at night'.length + 100);
    }
  });

  it.each([
    ['OFF', { magic_prompt: 'OFF' }],
    ['absent', {}],
  ])('returns the prompt as sent with magic_prompt %s', async (_name, extra) => {
    const answer = await postForm(simulator(), 'generate', { prompt: 'A lighthouse', ...extra });

    expect(answer.body.data?.[0]?.prompt).toBe('A lighthouse');
  });

  it.each([
    [{ style_type: 'REALISTIC' }, 'REALISTIC'],
    [{ custom_model_uri: 'model/my-model/version/1' }, 'CUSTOM'],
    [{ style_codes: 'AAFF5733' }, 'GENERAL'],
  ])('reports style_type for %j', async (extra, styleType) => {
    const answer = await postForm(simulator(), 'generate', { prompt: 'A cat', ...extra });

    expect(answer.status).toBe(200);
    expect(answer.body.data?.[0]?.style_type).toBe(styleType);
  });

  it('resolves style_type AUTO to a concrete style', async () => {
    const answer = await postForm(simulator(), 'generate', { prompt: 'A cat', style_type: 'AUTO' });

    expect(['GENERAL', 'REALISTIC', 'DESIGN', 'FICTION']).toContain(
      answer.body.data?.[0]?.style_type,
    );
  });

  it('returns num_images items, up to 8', async () => {
    const answer = await postForm(simulator(), 'generate', { prompt: 'Stars', num_images: '8' });

    expect(answer.body.data).toHaveLength(8);
    expect(new Set(urlsOf(answer)).size).toBe(8);
  });
});

describe('generate: color_palette', () => {
  const palettes = [
    ['a preset name', { name: 'PASTEL' }],
    [
      'members',
      {
        members: [
          { color_hex: '#b470b3', color_weight: 0.49 },
          { color_hex: '#7a79e3', color_weight: 0.16 },
          { color_hex: '#FFF' },
        ],
      },
    ],
  ] as const;

  it.each(palettes)('accepts %s as an application/json part', async (_name, palette) => {
    const body = multipartBody([
      { name: 'prompt', value: 'A garden' },
      { name: 'color_palette', value: JSON.stringify(palette), contentType: 'application/json' },
    ]);

    const answer = await post(simulator(), 'generate', body);

    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(1);
  });

  it.each(palettes)('accepts %s as a JSON Blob part (FormData)', async (_name, palette) => {
    const form = new FormData();
    form.append('prompt', 'A garden');
    form.append('color_palette', new Blob([JSON.stringify(palette)], { type: 'application/json' }));

    const answer = await post(simulator(), 'generate', form);

    expect(answer.status).toBe(200);
  });

  it('accepts a plain text part holding JSON', async () => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: 'A garden',
      color_palette: '{"name":"EMBER"}',
    });

    expect(answer.status).toBe(200);
  });

  it('accepts a JSON object in a JSON body', async () => {
    const answer = await post(simulator(), 'generate', {
      prompt: 'A garden',
      color_palette: { members: [{ color_hex: '#123456' }] },
    });

    expect(answer.status).toBe(200);
  });

  it.each([
    ['an unknown preset', { name: 'NEON' }, "'color_palette.name' must be equal to one of"],
    [
      'a bad colour',
      { members: [{ color_hex: 'red' }] },
      "'color_palette.members[0].color_hex' must match pattern",
    ],
    [
      'a weight out of range',
      { members: [{ color_hex: '#000000', color_weight: 2 }] },
      "'color_palette.members[0].color_weight' must be <= 1",
    ],
    [
      'nine members',
      { members: Array.from({ length: 9 }, () => ({ color_hex: '#000000' })) },
      "'color_palette.members' must NOT have more than 8 items",
    ],
  ])('refuses %s, naming the field', async (_name, palette, detail) => {
    const body = multipartBody([
      { name: 'prompt', value: 'A garden' },
      { name: 'color_palette', value: JSON.stringify(palette), contentType: 'application/json' },
    ]);

    const answer = await post(simulator(), 'generate', body);

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain(detail);
  });

  it('refuses a part that is not JSON', async () => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: 'A garden',
      color_palette: 'PASTEL',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe("'color_palette' is not valid JSON.");
  });

  it('refuses a palette sent as an image file', async () => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: 'A garden',
      color_palette: imageBlob(8, 8),
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain("'color_palette' must be JSON");
  });
});

describe('generate: reference images', () => {
  it('accepts repeated style_reference_images parts in every format', async () => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: 'A castle',
      style_reference_images: [
        imageBlob(64, 64, 'png'),
        imageBlob(48, 32, 'jpeg'),
        imageBlob(32, 32, 'webp'),
      ],
    });

    expect(answer.status).toBe(200);
  });

  it('makes the pictures depend on the references', async () => {
    const withReference = async (seed: number) => {
      const answer = await postForm(simulator(), 'generate', {
        prompt: 'A castle',
        seed: '1',
        style_reference_images: imageBlob(16, 16, 'png', seed),
      });
      return (await download(urlsOf(answer)[0]!)).bytes;
    };

    expect((await withReference(1)).equals(await withReference(2))).toBe(false);
  });

  it('accepts one character reference with its mask', async () => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: 'A hero',
      character_reference_images: imageBlob(64, 80),
      character_reference_images_mask: imageBlob(64, 80, 'png', 3),
    });

    expect(answer.status).toBe(200);
  });

  it('refuses reference images in a JSON body', async () => {
    const answer = await post(simulator(), 'generate', {
      prompt: 'A castle',
      style_reference_images: ['aGVsbG8='],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(
      "'style_reference_images' is a file: send it in a multipart/form-data request.",
    );
  });
});
