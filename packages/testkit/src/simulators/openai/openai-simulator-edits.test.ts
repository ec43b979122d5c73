import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import {
  editForm,
  type ImagesBody,
  imageBlob,
  imageDataUrl,
  metadataOf,
  postForm,
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

const prompt = 'Put both animals in one picture';
const textTokens = Math.ceil(prompt.length / 4);

async function expectImages(response: Response): Promise<ImagesBody> {
  expect(response.status, await response.clone().text()).toBe(200);
  const body = (await response.json()) as ImagesBody;
  expect(specValidator.validateSchema('ImagesResponse', body)).toEqual([]);
  return body;
}

describe('POST /v1/images/edits, multipart', () => {
  it('edits two image[] parts with a mask, billing each input image', async () => {
    const form = editForm({ model: 'gpt-image-1', prompt, quality: 'low' }, [
      ['image[]', imageBlob(1024, 1024, 'png', 1), 'cat.png'],
      ['image[]', imageBlob(1024, 1024, 'jpeg', 2), 'dog.jpg'],
      ['mask', imageBlob(1024, 1024, 'png', 3), 'mask.png'],
    ]);
    const body = await expectImages(await postForm(simulator, form));
    expect(body).toMatchObject({ size: '1024x1024', quality: 'low', output_format: 'png' });
    expect(metadataOf(body.data[0]?.b64_json)).toEqual({
      mediaType: 'image/png',
      width: 1024,
      height: 1024,
    });
    expect(body.usage).toMatchObject({
      input_tokens: textTokens + 2 * 765,
      input_tokens_details: { text_tokens: textTokens, image_tokens: 2 * 765 },
      output_tokens: 272,
    });

    const generation = await postJson(simulator, '/images/generations', {
      model: 'gpt-image-1',
      prompt,
      quality: 'low',
    });
    const generated = (await generation.json()) as ImagesBody;
    expect(generated.data[0]?.b64_json).not.toBe(body.data[0]?.b64_json);
  });

  it('takes a single image part, and sizes auto output from its aspect ratio', async () => {
    const form = editForm({ model: 'gpt-image-1.5', prompt, size: 'auto', n: '2' }, [
      ['image', imageBlob(768, 512, 'webp'), 'wide.webp'],
    ]);
    const body = await expectImages(await postForm(simulator, form));
    expect(body.size).toBe('1536x1024');
    expect(body.data).toHaveLength(2);
    expect(metadataOf(body.data[1]?.b64_json)).toMatchObject({ width: 1536, height: 1024 });
  });

  it('defaults to 1024x1024 whatever the input, as the spec says for multipart', async () => {
    const form = editForm({ prompt }, [['image', imageBlob(512, 768), 'tall.png']]);
    const body = await expectImages(await postForm(simulator, form));
    expect(body.size).toBe('1024x1024');
    expect(metadataOf(body.data[0]?.b64_json)).toMatchObject({ width: 1024, height: 1024 });
  });

  it('refuses a text field sent as a file', async () => {
    const form = editForm({ model: 'gpt-image-1' }, [
      ['prompt', new Blob(['a prompt'], { type: 'text/plain' }), 'prompt.txt'],
      ['image', imageBlob(64, 64), 'a.png'],
    ]);
    const response = await postForm(simulator, form);
    expect(response.status).toBe(400);
    expect(await readError(response)).toEqual({
      message: "Invalid type for 'prompt': expected a string, but got a file instead.",
      type: 'invalid_request_error',
      param: 'prompt',
      code: 'invalid_type',
    });
  });

  it('bills high input fidelity on gpt-image-1, and refuses it on gpt-image-1-mini', async () => {
    const files = [['image', imageBlob(1024, 1024), 'a.png']] as const;
    const low = await expectImages(
      await postForm(simulator, editForm({ model: 'gpt-image-1', prompt }, files)),
    );
    const high = await expectImages(
      await postForm(
        simulator,
        editForm({ model: 'gpt-image-1', prompt, input_fidelity: 'high' }, files),
      ),
    );
    expect(high.usage!.input_tokens_details.image_tokens).toBeGreaterThan(
      low.usage!.input_tokens_details.image_tokens,
    );

    const mini = await postForm(
      simulator,
      editForm({ model: 'gpt-image-1-mini', prompt, input_fidelity: 'low' }, files),
    );
    expect(mini.status).toBe(400);
    expect(await readError(mini)).toMatchObject({
      param: 'input_fidelity',
      code: 'unknown_parameter',
    });
  });

  it.each([
    [
      'an image part without an image media type',
      [['image', new Blob([imageBlob(64, 64)], { type: '' }), 'a.png']],
      {},
      {
        message:
          "Invalid file 'image': unsupported mimetype ('application/octet-stream'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.",
        param: 'image',
        code: 'unsupported_file_mimetype',
      },
    ],
    [
      'bytes that are not an image',
      [
        ['image[]', imageBlob(64, 64), 'a.png'],
        ['image[]', new Blob(['not an image'], { type: 'image/png' }), 'b.png'],
      ],
      {},
      {
        message: 'Invalid image file or mode for image 2, please check your image file.',
        param: 'image[1]',
        code: 'invalid_image_format',
      },
    ],
    [
      'a GIF',
      [
        [
          'image',
          new Blob([Buffer.from('GIF89a\x10\x00\x10\x00')], { type: 'image/png' }),
          'a.png',
        ],
      ],
      {},
      { param: 'image', code: 'invalid_image_format' },
    ],
    [
      'a mask of another size',
      [
        ['image', imageBlob(64, 64), 'a.png'],
        ['mask', imageBlob(32, 32), 'mask.png'],
      ],
      {},
      { param: 'mask', code: 'invalid_value' },
    ],
    [
      'a mask that is not a PNG',
      [
        ['image', imageBlob(64, 64), 'a.png'],
        ['mask', imageBlob(64, 64, 'jpeg'), 'mask.jpg'],
      ],
      {},
      { param: 'mask', code: 'invalid_image_format' },
    ],
    [
      'a mask sent as text',
      [['image', imageBlob(64, 64), 'a.png']],
      { mask: 'transparent' },
      { param: 'mask', code: 'invalid_type' },
    ],
    [
      'an image sent as text',
      [],
      { image: 'cat.png' },
      {
        message:
          "Invalid type for 'image': expected one of an array of files or file, but got a string instead.",
        param: 'image',
        code: 'invalid_type',
      },
    ],
    [
      'seventeen images',
      Array.from(
        { length: 17 },
        (_, index) => ['image[]', imageBlob(16, 16), `${index}.png`] as const,
      ),
      {},
      { param: 'image', code: 'array_above_max_length' },
    ],
    [
      'moderation, which multipart edits do not take',
      [['image', imageBlob(64, 64), 'a.png']],
      { moderation: 'low' },
      {
        message: "Unknown parameter: 'moderation'.",
        param: 'moderation',
        code: 'unknown_parameter',
      },
    ],
    [
      'a DALL·E size',
      [['image', imageBlob(64, 64), 'a.png']],
      { size: '256x256' },
      { param: 'size', code: 'invalid_value' },
    ],
    [
      'n of the wrong type',
      [['image', imageBlob(64, 64), 'a.png']],
      { n: 'many' },
      { param: 'n', code: 'invalid_type' },
    ],
    [
      'no image',
      [],
      {},
      {
        message: "Missing required parameter: 'image'.",
        param: 'image',
        code: 'missing_required_parameter',
      },
    ],
  ] as const)('refuses %s', async (_name, files, fields, expected) => {
    const form = editForm({ model: 'gpt-image-1', prompt, ...fields }, files);
    const response = await postForm(simulator, form);
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ type: 'invalid_request_error', ...expected });
  });

  it('refuses dall-e-3, which cannot edit', async () => {
    const form = editForm({ model: 'dall-e-3', prompt }, [['image', imageBlob(64, 64), 'a.png']]);
    const response = await postForm(simulator, form);
    expect(response.status).toBe(400);
    const error = await readError(response);
    expect(error).toMatchObject({ param: 'model', code: 'invalid_value' });
    expect(error.message).toMatch(/^Invalid value: 'dall-e-3'\. Supported values are: /);
  });

  it('refuses a body that is not multipart', async () => {
    const response = await fetch(`${simulator.url}/v1/images/edits`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${testApiKey}`,
        'content-type': 'multipart/form-data; boundary=xyz',
      },
      body: 'garbage',
    });
    expect(response.status).toBe(400);
    expect((await readError(response)).message).toBe('Could not parse multipart form.');
  });
});

describe('POST /v1/images/edits, dall-e-2', () => {
  it('edits one square PNG into a signed URL', async () => {
    const form = editForm({ model: 'dall-e-2', prompt, size: '512x512' }, [
      ['image', imageBlob(256, 256), 'a.png'],
      ['mask', imageBlob(256, 256), 'mask.png'],
    ]);
    const body = await expectImages(await postForm(simulator, form));
    expect(Object.keys(body).sort()).toEqual(['created', 'data']);
    const download = await fetch(body.data[0]!.url!);
    expect(download.status).toBe(200);
  });

  it.each([
    [
      'a JPEG',
      [['image', imageBlob(64, 64, 'jpeg'), 'a.jpg']],
      'image',
      'unsupported_file_mimetype',
    ],
    ['a non-square image', [['image', imageBlob(64, 32), 'a.png']], 'image', 'invalid_value'],
    [
      'two images',
      [
        ['image[]', imageBlob(64, 64), 'a.png'],
        ['image[]', imageBlob(64, 64), 'b.png'],
      ],
      'image',
      'array_above_max_length',
    ],
  ] as const)('refuses %s', async (_name, files, param, code) => {
    const response = await postForm(simulator, editForm({ model: 'dall-e-2', prompt }, files));
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ param, code });
  });
});

describe('POST /v1/images/edits, JSON', () => {
  it('edits data-URL images with a data-URL mask', async () => {
    const response = await postJson(simulator, '/images/edits', {
      model: 'gpt-image-1',
      prompt,
      images: [
        { image_url: imageDataUrl(512, 512) },
        { image_url: imageDataUrl(300, 200, 'jpeg') },
      ],
      mask: { image_url: imageDataUrl(512, 512) },
      output_format: 'webp',
      moderation: 'low',
    });
    const body = await expectImages(response);
    expect(body).toMatchObject({ size: '1024x1024', output_format: 'webp' });
    expect(metadataOf(body.data[0]?.b64_json)).toEqual({
      mediaType: 'image/webp',
      width: 1024,
      height: 1024,
    });
    expect(body.usage?.input_tokens_details.image_tokens).toBeGreaterThan(0);
  });

  it('accepts http(s) image URLs without fetching them, and counts them as 1024x1024', async () => {
    const edit = async (url: string) =>
      expectImages(
        await postJson(simulator, '/images/edits', { prompt, images: [{ image_url: url }] }),
      );
    const first = await edit('https://example.invalid/first.png');
    const second = await edit('http://example.invalid/second.png');
    expect(first.size).toBe('1024x1024');
    expect(first.usage?.input_tokens_details.image_tokens).toBe(765);
    expect(first.data[0]?.b64_json).not.toBe(second.data[0]?.b64_json);
  });

  it.each([
    [
      'a data URL that is not an image',
      {
        images: [{ image_url: `data:image/png;base64,${Buffer.from('hello').toString('base64')}` }],
      },
      'images[0].image_url',
      'invalid_image_format',
    ],
    [
      'a data URL of another media type',
      { images: [{ image_url: 'data:text/plain;base64,aGVsbG8=' }] },
      'images[0].image_url',
      'invalid_value',
    ],
    [
      'a URL that is neither http(s) nor data',
      { images: [{ image_url: 'ftp://example.com/a.png' }] },
      'images[0].image_url',
      'invalid_value',
    ],
    [
      'a file id, which the simulator has no file for',
      { images: [{ file_id: 'file-abc123' }] },
      'images[0].file_id',
      null,
    ],
    [
      'an image_url and a file_id together',
      { images: [{ image_url: 'https://example.com/a.png', file_id: 'file-abc123' }] },
      'images[0]',
      'invalid_value',
    ],
    [
      'an unknown key in an image reference',
      { images: [{ image_url: 'https://example.com/a.png', detail: 'high' }] },
      'images[0].detail',
      'unknown_parameter',
    ],
    ['no images', { images: [] }, 'images', 'empty_array'],
    [
      'a mask that is not a PNG',
      {
        images: [{ image_url: imageDataUrl(64, 64) }],
        mask: { image_url: imageDataUrl(64, 64, 'jpeg') },
      },
      'mask.image_url',
      'invalid_image_format',
    ],
    [
      'a multipart-only field',
      { images: [{ image_url: 'https://example.com/a.png' }], image: 'x' },
      'image',
      'unknown_parameter',
    ],
    [
      'dall-e-2, which only edits through multipart',
      { model: 'dall-e-2', images: [{ image_url: 'https://example.com/a.png' }] },
      'model',
      'invalid_value',
    ],
  ])('refuses %s', async (_name, extra, param, code) => {
    const response = await postJson(simulator, '/images/edits', { prompt, ...extra });
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ type: 'invalid_request_error', param, code });
  });
});
