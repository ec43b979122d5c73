import { describe, expect, it } from 'vitest';
import {
  imageBlob,
  multipartBody,
  post,
  postForm,
  type TestField,
  useIdeogramSimulator,
} from './__fixtures__/ideogram-client.js';

const simulator = useIdeogramSimulator();

const megabyte = 1024 * 1024;

/** A real PNG followed by padding, `totalBytes` long. */
function paddedPng(totalBytes: number, width = 16, height = 16): Blob {
  const png = imageBlob(width, height);
  return new Blob([png, new Uint8Array(totalBytes - png.size)], { type: 'image/png' });
}

/** A 1×1 GIF: a real image, in a format Ideogram does not take. */
const gif = new Blob(
  [Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')],
  { type: 'image/gif' },
);

async function expectRefusal(
  operation: string,
  fields: Readonly<Record<string, TestField>>,
  detail: string | RegExp,
) {
  const answer = await postForm(simulator(), operation, fields);
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
  if (typeof detail === 'string') expect(answer.body.detail).toBe(detail);
  else expect(answer.body.detail).toMatch(detail);
}

describe('schema rules', () => {
  it.each([
    ['num_images 0', { num_images: '0' }, "'num_images' must be >= 1"],
    ['num_images 9', { num_images: '9' }, "'num_images' must be <= 8"],
    ['num_images two', { num_images: 'two' }, "'num_images' must be integer"],
    ['seed -1', { seed: '-1' }, "'seed' must be >= 0"],
    ['seed 2147483648', { seed: '2147483648' }, "'seed' must be <= 2147483647"],
    ['seed 1.5', { seed: '1.5' }, "'seed' must be integer"],
    [
      'a legacy aspect ratio',
      { aspect_ratio: 'ASPECT_16_9' },
      /^'aspect_ratio' must be equal to one of the allowed values \("1x3", /,
    ],
    ['an unknown resolution', { resolution: '1000x1000' }, /^'resolution' must be equal to one of/],
    [
      'a bad rendering speed',
      { rendering_speed: 'SLOW' },
      /^'rendering_speed' must be equal to one of/,
    ],
    ['a bad style code', { style_codes: 'XYZ' }, /^'style_codes\[0\]' must match pattern/],
  ])('refuses %s', async (_name, extra, detail) => {
    await expectRefusal('generate', { prompt: 'A cat', ...extra }, detail);
  });

  it('accepts the seed range ends', async () => {
    for (const seed of ['0', '2147483647']) {
      const answer = await postForm(simulator(), 'generate', { prompt: 'A cat', seed });
      expect(answer.body.data?.[0]?.seed).toBe(Number(seed));
    }
  });

  it('names every field at fault', async () => {
    await expectRefusal(
      'generate',
      { seed: '-1', num_images: '9' },
      "'prompt' is a required property; 'seed' must be >= 0; 'num_images' must be <= 8",
    );
  });

  it('refuses a field sent twice', async () => {
    await expectRefusal('generate', { prompt: ['A cat', 'A dog'] }, "'prompt' must be string");
  });

  it('refuses legacy and indexed field names', async () => {
    await expectRefusal(
      'generate',
      { prompt: 'A cat', magic_prompt_option: 'ON', 'style_reference_images[0]': imageBlob(8, 8) },
      'Extra formData parameter(s) magic_prompt_option, style_reference_images[0] not in spec.',
    );
  });

  it('refuses unknown JSON properties', async () => {
    const answer = await post(simulator(), 'generate', { prompt: 'A cat', model: 'V_3' });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(
      "Additional properties are not allowed ('model' was unexpected).",
    );
  });

  it('refuses a text field sent as a file', async () => {
    await expectRefusal(
      'generate',
      { prompt: new Blob(['A cat'], { type: 'text/plain' }) },
      "'prompt' must be a text field, not a file.",
    );
  });

  it('refuses two files for image', async () => {
    await expectRefusal(
      'remix',
      { prompt: 'A cat', image: [imageBlob(8, 8), imageBlob(8, 8)] },
      "'image' takes one file, got 2.",
    );
  });

  it.each([
    ['JSON that does not parse', '{"prompt": ', 'The request body is not valid JSON.'],
    ['a JSON array', '["A cat"]', 'The request body must be a JSON object.'],
  ])('refuses %s', async (_name, text, detail) => {
    const answer = await post(simulator(), 'generate', {
      bytes: Buffer.from(text),
      contentType: 'application/json',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(detail);
  });

  it('refuses a broken multipart body', async () => {
    const answer = await post(simulator(), 'generate', {
      bytes: Buffer.from('--nope\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nA cat'),
      contentType: 'multipart/form-data; boundary=nope',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(
      'The multipart body could not be parsed: part 1 is not followed by a boundary',
    );
  });
});

describe('exclusive fields', () => {
  it.each(['generate', 'remix'])('refuses aspect_ratio with resolution on %s', async operation => {
    await expectRefusal(
      operation,
      {
        prompt: 'A cat',
        aspect_ratio: '1x1',
        resolution: '1024x1024',
        ...(operation === 'remix' ? { image: imageBlob(8, 8) } : {}),
      },
      "'aspect_ratio' and 'resolution' cannot be used together; send one of them.",
    );
  });

  it('refuses style_codes with style_type', async () => {
    await expectRefusal(
      'generate',
      { prompt: 'A cat', style_codes: 'AAFF5733', style_type: 'GENERAL' },
      "'style_codes' cannot be used together with 'style_type'.",
    );
  });

  it.each(['generate', 'reframe'])(
    'refuses style_codes with style_reference_images on %s',
    async operation => {
      const base: Record<string, TestField> =
        operation === 'reframe'
          ? { image: imageBlob(8, 8), resolution: '1024x1024' }
          : { prompt: 'A cat' };
      await expectRefusal(
        operation,
        { ...base, style_codes: ['AAFF5733', '0133FF57'], style_reference_images: imageBlob(8, 8) },
        "'style_codes' cannot be used together with 'style_reference_images'.",
      );
    },
  );
});

describe('uploads', () => {
  it('refuses two character references', async () => {
    await expectRefusal(
      'generate',
      { prompt: 'A hero', character_reference_images: [imageBlob(8, 8), imageBlob(8, 8)] },
      "'character_reference_images' supports only 1 image for now, got 2.",
    );
  });

  it('refuses character masks that do not match the references in number', async () => {
    await expectRefusal(
      'generate',
      { prompt: 'A hero', character_reference_images_mask: imageBlob(8, 8) },
      "'character_reference_images_mask' must match the number of 'character_reference_images' (0), got 1.",
    );
  });

  it('refuses a character mask of another size than its reference', async () => {
    await expectRefusal(
      'remix',
      {
        prompt: 'A hero',
        image: imageBlob(8, 8),
        character_reference_images: imageBlob(40, 60),
        character_reference_images_mask: imageBlob(60, 40),
      },
      "'character_reference_images_mask[0]' must be the same size as 'character_reference_images[0]' (40x60), got 60x40.",
    );
  });

  it.each([
    [
      'a GIF',
      gif,
      "'style_reference_images[1]' must be a JPEG, PNG or WebP image, got an image/gif file of",
    ],
    [
      'text',
      new Blob(['not an image'], { type: 'image/png' }),
      "'style_reference_images[1]' must be a JPEG, PNG or WebP image, got an unrecognised file of 12 bytes.",
    ],
  ])('refuses %s as a style reference', async (_name, file, detail) => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: 'A cat',
      style_reference_images: [imageBlob(8, 8), file],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain(detail);
  });

  it('refuses style references over 10 MB in total', async () => {
    await expectRefusal(
      'generate',
      {
        prompt: 'A cat',
        style_reference_images: [paddedPng(6 * megabyte), paddedPng(5 * megabyte)],
      },
      `'style_reference_images' total ${11 * megabyte} bytes, more than the 10 MB limit across all of them.`,
    );
  });

  it('accepts an image of exactly 10 MB and refuses one byte more', async () => {
    const fields = (image: Blob) => ({ prompt: 'A cat', image, mask: imageBlob(16, 16) });
    const accepted = await postForm(simulator(), 'edit', fields(paddedPng(10 * megabyte)));
    expect(accepted.status).toBe(200);

    await expectRefusal(
      'edit',
      fields(paddedPng(10 * megabyte + 1)),
      `'image' is ${10 * megabyte + 1} bytes, more than the 10 MB limit.`,
    );
  });

  it.each(['edit', 'remix', 'reframe', 'replace-background'])(
    'refuses an image that is not one on %s',
    async operation => {
      const fields: Record<string, TestField> = {
        image: new Blob(['%PDF-1.7'], { type: 'image/png' }),
        ...(operation === 'reframe' ? { resolution: '1024x1024' } : { prompt: 'A cat' }),
        ...(operation === 'edit' ? { mask: imageBlob(8, 8) } : {}),
      };
      await expectRefusal(
        operation,
        fields,
        "'image' must be a JPEG, PNG or WebP image, got an unrecognised file of 8 bytes.",
      );
    },
  );

  it('refuses an image whose header claims more pixels than the simulator renders', async () => {
    const png = Buffer.from(await imageBlob(8, 8).arrayBuffer());
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    const body = multipartBody([
      { name: 'prompt', value: 'A cat' },
      { name: 'image', value: png, filename: 'huge.png', contentType: 'image/png' },
    ]);

    const answer = await post(simulator(), 'replace-background', body);

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(
      "'image' is 20000x20000; the simulator renders inputs up to 40 megapixels.",
    );
  });
});

describe('odd bodies', () => {
  it.each([
    [
      'an empty multipart body',
      'generate',
      { bytes: new Uint8Array(), contentType: 'multipart/form-data; boundary=x' },
    ],
    [
      'multipart without a boundary',
      'generate',
      { bytes: Buffer.from('x'), contentType: 'multipart/form-data' },
    ],
    ['JSON null', 'generate', { bytes: Buffer.from('null'), contentType: 'application/json' }],
    [
      'an empty JSON body',
      'generate',
      { bytes: new Uint8Array(), contentType: 'application/json' },
    ],
    [
      'a numeric prompt',
      'generate',
      { bytes: Buffer.from('{"prompt":5}'), contentType: 'application/json' },
    ],
    [
      'a null palette',
      'generate',
      {
        bytes: Buffer.from('{"prompt":"a","color_palette":null}'),
        contentType: 'application/json',
      },
    ],
    [
      'a palette with both forms',
      'generate',
      {
        bytes: Buffer.from(
          '{"prompt":"a","color_palette":{"name":"EMBER","members":[{"color_hex":"#fff"}]}}',
        ),
        contentType: 'application/json',
      },
    ],
    [
      'form-urlencoded',
      'generate',
      { bytes: Buffer.from('prompt=a'), contentType: 'application/x-www-form-urlencoded' },
    ],
    ['no content type', 'remix', { bytes: Buffer.from('prompt=a'), contentType: '' }],
  ])('refuses %s with a 4xx', async (_name, operation, body) => {
    const answer = await post(simulator(), operation, body);

    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.detail).toEqual(expect.any(String));
  });
});
