import { describe, expect, it } from 'vitest';
import {
  imageBlob,
  postSd3,
  readError,
  sd3Form,
  useStabilitySimulator,
} from './__fixtures__/stability-client.js';

type Files = readonly (readonly [string, Blob, string])[];

const prompt = 'A red fox in fresh snow';
const png = (width = 128, height = 128): Files => [['image', imageBlob(width, height), 'in.png']];
const imageToImage = { prompt, mode: 'image-to-image', strength: '0.5' };
const stylePresets = [
  'enhance',
  'anime',
  'photographic',
  'digital-art',
  'comic-book',
  'fantasy-art',
  'line-art',
  'analog-film',
  'neon-punk',
  'isometric',
  'low-poly',
  'origami',
  'modeling-compound',
  'cinematic',
  '3d-model',
  'pixel-art',
  'tile-texture',
];

describe('form validation', () => {
  const simulator = useStabilitySimulator();
  const send = (fields: Record<string, string>, files: Files = []) =>
    postSd3(simulator(), sd3Form(fields, files));

  it.each<[string, Record<string, string>, Files, string[]]>([
    ['a missing prompt', { seed: '1' }, [], ['prompt: is required']],
    ['an empty prompt', { prompt: '' }, [], ['prompt: cannot be empty']],
    [
      'a prompt over 10000 characters',
      { prompt: 'a'.repeat(10_001) },
      [],
      ['prompt: must be at most 10000 characters, got 10001'],
    ],
    [
      'an unknown mode',
      { prompt, mode: 'inpaint' },
      [],
      ['mode: must be one of text-to-image, image-to-image; got "inpaint"'],
    ],
    [
      'image-to-image without image and strength',
      { prompt, mode: 'image-to-image' },
      [],
      [
        'image: is required when mode is image-to-image',
        'strength: is required when mode is image-to-image',
      ],
    ],
    [
      'image-to-image without strength',
      { prompt, mode: 'image-to-image' },
      png(),
      ['strength: is required when mode is image-to-image'],
    ],
    [
      'image-to-image with an aspect ratio',
      { ...imageToImage, aspect_ratio: '16:9' },
      png(),
      ['aspect_ratio: cannot be used when mode is image-to-image'],
    ],
    [
      'text-to-image with a strength',
      { prompt, strength: '0.5' },
      [],
      ['strength: can only be used when mode is image-to-image'],
    ],
    [
      'text-to-image with an image',
      { prompt, mode: 'text-to-image' },
      png(),
      ['image: can only be used when mode is image-to-image'],
    ],
    [
      'an unknown aspect ratio',
      { prompt, aspect_ratio: '4:3' },
      [],
      ['aspect_ratio: must be one of 21:9, 16:9, 3:2, 5:4, 1:1, 4:5, 2:3, 9:16, 9:21; got "4:3"'],
    ],
    [
      'an unknown model',
      { prompt, model: 'sd3.5-ultra' },
      [],
      [
        'model: must be one of sd3.5-large, sd3.5-large-turbo, sd3.5-medium, sd3.5-flash; got "sd3.5-ultra"',
      ],
    ],
    [
      'a negative seed',
      { prompt, seed: '-1' },
      [],
      ['seed: must be between 0 and 4294967294; got -1'],
    ],
    [
      'a seed past the largest',
      { prompt, seed: '4294967295' },
      [],
      ['seed: must be between 0 and 4294967294; got 4294967295'],
    ],
    ['a fractional seed', { prompt, seed: '1.5' }, [], ['seed: must be an integer; got "1.5"']],
    [
      'a seed that is no number',
      { prompt, seed: 'abc' },
      [],
      ['seed: must be an integer; got "abc"'],
    ],
    ['an empty seed', { prompt, seed: '' }, [], ['seed: must be an integer; got ""']],
    [
      'an unknown output format',
      { prompt, output_format: 'gif' },
      [],
      ['output_format: must be one of png, jpeg, webp; got "gif"'],
    ],
    [
      'an unknown style preset',
      { prompt, style_preset: 'watercolour' },
      [],
      [`style_preset: must be one of ${stylePresets.join(', ')}; got "watercolour"`],
    ],
    [
      'a negative prompt over 10000 characters',
      { prompt, negative_prompt: 'n'.repeat(10_001) },
      [],
      ['negative_prompt: must be at most 10000 characters, got 10001'],
    ],
    [
      'a cfg_scale under 1',
      { prompt, cfg_scale: '0.5' },
      [],
      ['cfg_scale: must be between 1 and 10; got 0.5'],
    ],
    [
      'a cfg_scale over 10',
      { prompt, cfg_scale: '11' },
      [],
      ['cfg_scale: must be between 1 and 10; got 11'],
    ],
    [
      'a cfg_scale that is no number',
      { prompt, cfg_scale: 'high' },
      [],
      ['cfg_scale: must be a number; got "high"'],
    ],
    [
      'a strength over 1',
      { ...imageToImage, strength: '1.5' },
      png(),
      ['strength: must be between 0 and 1; got 1.5'],
    ],
    ['an unknown field', { prompt, width: '1024' }, [], ['width: is not a known field']],
    ['a samples count', { prompt, samples: '2' }, [], ['samples: is not a known field']],
    [
      'several problems at once',
      { prompt: '', aspect_ratio: 'square', cfg_scale: '20', n: '2' },
      [],
      [
        'n: is not a known field',
        'prompt: cannot be empty',
        'aspect_ratio: must be one of 21:9, 16:9, 3:2, 5:4, 1:1, 4:5, 2:3, 9:16, 9:21; got "square"',
        'cfg_scale: must be between 1 and 10; got 20',
      ],
    ],
  ])('refuses %s with 400 bad_request', async (_case, fields, files, errors) => {
    const response = await send(fields, files);

    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ name: 'bad_request', errors });
  });

  it('refuses a field sent twice', async () => {
    const form = sd3Form({ prompt });
    form.append('prompt', 'again');
    form.append('prompt', 'and again');

    const response = await postSd3(simulator(), form);

    expect(await readError(response)).toMatchObject({
      name: 'bad_request',
      errors: ['prompt: must be sent only once'],
    });
  });

  it('refuses an image sent as text and a prompt sent as a file', async () => {
    const response = await send({ mode: 'image-to-image', strength: '0.5', image: 'cat.png' }, [
      ['prompt', new Blob([prompt], { type: 'text/plain' }), 'prompt.txt'],
    ]);

    expect(await readError(response)).toMatchObject({
      name: 'bad_request',
      errors: [
        'image: must be a file, not a text field',
        'prompt: must be a text field, not a file',
      ],
    });
  });

  it.each<[string, Blob, string]>([
    [
      'text',
      new Blob(['not an image'], { type: 'image/png' }),
      'image: must be a valid JPEG, PNG or WebP image',
    ],
    [
      'a GIF',
      new Blob(
        [Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')],
        {
          type: 'image/gif',
        },
      ),
      'image: must be a valid JPEG, PNG or WebP image',
    ],
    [
      'a PNG 32 px wide',
      imageBlob(32, 100),
      'image: every side must be at least 64 pixels; got 32x100',
    ],
    [
      'a JPEG 63 px high',
      imageBlob(200, 63, 'jpeg'),
      'image: every side must be at least 64 pixels; got 200x63',
    ],
  ])('refuses an image that is %s', async (_case, blob, message) => {
    const response = await send(imageToImage, [['image', blob, 'input']]);

    expect(await readError(response)).toMatchObject({ name: 'bad_request', errors: [message] });
  });

  it.each<[string, Record<string, string>, Files]>([
    ['a prompt of exactly 10000 characters', { prompt: 'a'.repeat(10_000) }, []],
    [
      'the explicit defaults',
      {
        prompt,
        mode: 'text-to-image',
        aspect_ratio: '1:1',
        model: 'sd3.5-large',
        seed: '0',
        output_format: 'png',
      },
      [],
    ],
    ['the largest seed', { prompt, seed: '4294967294' }, []],
    ['a seed written 1e3', { prompt, seed: '1e3' }, []],
    ['cfg_scale at both ends', { prompt, cfg_scale: '1' }, []],
    ['a fractional cfg_scale', { prompt, cfg_scale: '9.5' }, []],
    ['an empty negative prompt', { prompt, negative_prompt: '' }, []],
    ['strength 0', { ...imageToImage, strength: '0' }, png()],
    ['strength 1', { ...imageToImage, strength: '1' }, png()],
    ['an image exactly 64 px square', imageToImage, png(64, 64)],
    [
      'a prompt of 10000 characters outside the Basic Multilingual Plane',
      { prompt: '🦊'.repeat(10_000) },
      [],
    ],
  ])('takes %s', async (_case, fields, files) => {
    const response = await send(fields, files);

    expect(response.status).toBe(200);
  });

  it('takes all 17 style presets', async () => {
    const statuses = new Set<number>();
    for (const style_preset of stylePresets) {
      statuses.add((await send({ prompt, style_preset, seed: '1' })).status);
    }

    expect([...statuses]).toEqual([200]);
  });

  it('reads every field as text, whatever content type its part declares', async () => {
    const body = [
      '--easel',
      'Content-Disposition: form-data; name="prompt"',
      'Content-Type: application/json',
      '',
      '{"text": "a fox"}',
      '--easel',
      'Content-Disposition: form-data; name="seed"',
      'Content-Type: application/json',
      '',
      '42',
      '--easel--',
      '',
    ].join('\r\n');

    const response = await postSd3(simulator(), body, {
      'content-type': 'multipart/form-data; boundary=easel',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('seed')).toBe('42');
  });
});
