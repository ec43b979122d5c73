import { describe, expect, it } from 'vitest';
import {
  download,
  imageBlob,
  post,
  postForm,
  responseViolations,
  urlsOf,
  useIdeogramSimulator,
} from './__fixtures__/ideogram-client.js';

const simulator = useIdeogramSimulator();

describe('edit', () => {
  it('renders at the input size, stating the nearest resolution and the real one', async () => {
    const answer = await postForm(simulator(), 'edit', {
      prompt: 'Add a red hat',
      image: imageBlob(640, 480),
      mask: imageBlob(640, 480, 'png', 2),
      num_images: '2',
      style_type: 'DESIGN',
    });

    expect(answer.status).toBe(200);
    expect(responseViolations(answer.body)).toEqual([]);
    expect(answer.body.data).toHaveLength(2);
    expect(answer.body.data?.[0]).toMatchObject({
      prompt: 'Add a red hat',
      resolution: '1152x864',
      upscaled_resolution: '640x480',
      is_image_safe: true,
      style_type: 'DESIGN',
    });
    const image = await download(urlsOf(answer)[0]!);
    expect(image.metadata).toEqual({ mediaType: 'image/png', width: 640, height: 480 });
  });

  it('leaves upscaled_resolution out when the input is a ResolutionV3 size', async () => {
    const answer = await postForm(simulator(), 'edit', {
      prompt: 'Add a red hat',
      image: imageBlob(832, 1248, 'jpeg'),
      mask: imageBlob(832, 1248),
    });

    expect(answer.body.data?.[0]?.resolution).toBe('832x1248');
    expect(answer.body.data?.[0]).not.toHaveProperty('upscaled_resolution');
  });

  it('refuses a mask of another size', async () => {
    const answer = await postForm(simulator(), 'edit', {
      prompt: 'Add a red hat',
      image: imageBlob(64, 64),
      mask: imageBlob(32, 32),
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe("'mask' must be the same size as 'image' (64x64), got 32x32.");
  });

  it('requires the mask', async () => {
    const answer = await postForm(simulator(), 'edit', {
      prompt: 'Add a red hat',
      image: imageBlob(64, 64),
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe("'mask' is a required property");
  });

  it('refuses a JSON body with 415', async () => {
    const answer = await post(simulator(), 'edit', { prompt: 'Add a red hat' });

    expect(answer.status).toBe(415);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toEqual({
      type: 'about:blank',
      title: 'Unsupported Media Type',
      status: 415,
      detail:
        'Invalid Content-Type (application/json): /v1/ideogram-v3/edit accepts multipart/form-data.',
    });
  });
});

describe('remix', () => {
  it('follows the input aspect ratio when neither aspect_ratio nor resolution is sent', async () => {
    const answer = await postForm(simulator(), 'remix', {
      prompt: 'As a watercolour',
      image: imageBlob(300, 200, 'webp'),
    });

    expect(answer.status).toBe(200);
    expect(responseViolations(answer.body)).toEqual([]);
    expect(answer.body.data?.[0]?.resolution).toBe('1248x832');
    const image = await download(urlsOf(answer)[0]!);
    expect(image.metadata).toEqual({ mediaType: 'image/png', width: 1248, height: 832 });
  });

  it.each([
    [{ aspect_ratio: '16x9' }, '1312x736'],
    [{ resolution: '1536x640' }, '1536x640'],
  ])('renders %j at %s', async (extra, resolution) => {
    const answer = await postForm(simulator(), 'remix', {
      prompt: 'As a watercolour',
      image: imageBlob(64, 64),
      ...extra,
    });

    expect(answer.body.data?.[0]?.resolution).toBe(resolution);
  });

  it('makes the pictures depend on image_weight (default 50)', async () => {
    const remix = async (extra: Record<string, string>) => {
      const answer = await postForm(simulator(), 'remix', {
        prompt: 'As a watercolour',
        image: imageBlob(64, 64),
        seed: '5',
        ...extra,
      });
      return (await download(urlsOf(answer)[0]!)).bytes;
    };

    expect((await remix({ image_weight: '10' })).equals(await remix({ image_weight: '90' }))).toBe(
      false,
    );
  });

  it.each(['0', '101', 'heavy'])('refuses image_weight %s', async weight => {
    const answer = await postForm(simulator(), 'remix', {
      prompt: 'As a watercolour',
      image: imageBlob(64, 64),
      image_weight: weight,
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(/^'image_weight' must be/);
  });
});

describe('reframe', () => {
  it('renders the requested resolution from a square image', async () => {
    const answer = await postForm(simulator(), 'reframe', {
      image: imageBlob(512, 512),
      resolution: '1536x640',
      num_images: '2',
    });

    expect(answer.status).toBe(200);
    expect(responseViolations(answer.body)).toEqual([]);
    expect(answer.body.data?.map(item => item.resolution)).toEqual(['1536x640', '1536x640']);
    expect(answer.body.data?.[0]?.prompt).toContain('1536x640');
    const image = await download(urlsOf(answer)[1]!);
    expect(image.metadata).toEqual({ mediaType: 'image/png', width: 1536, height: 640 });
  });

  it('requires resolution', async () => {
    const answer = await postForm(simulator(), 'reframe', { image: imageBlob(64, 64) });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe("'resolution' is a required property");
  });

  it('refuses a non-square image', async () => {
    const answer = await postForm(simulator(), 'reframe', {
      image: imageBlob(64, 48),
      resolution: '1024x1024',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe("'image' must be square to be reframed, got 64x48.");
  });

  it('refuses fields it does not take, such as prompt', async () => {
    const answer = await postForm(simulator(), 'reframe', {
      image: imageBlob(64, 64),
      resolution: '1024x1024',
      prompt: 'wider',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe('Extra formData parameter(s) prompt not in spec.');
  });
});

describe('replace-background', () => {
  it('renders at the input size with the prompt', async () => {
    const answer = await postForm(simulator(), 'replace-background', {
      prompt: 'A vibrant cityscape at night',
      image: imageBlob(1024, 1024, 'jpeg'),
      magic_prompt: 'OFF',
    });

    expect(answer.status).toBe(200);
    expect(responseViolations(answer.body)).toEqual([]);
    expect(answer.body.data?.[0]).toMatchObject({
      prompt: 'A vibrant cityscape at night',
      resolution: '1024x1024',
    });
    const image = await download(urlsOf(answer)[0]!);
    expect(image.metadata).toEqual({ mediaType: 'image/png', width: 1024, height: 1024 });
  });

  it('refuses style_type, which it does not take', async () => {
    const answer = await postForm(simulator(), 'replace-background', {
      prompt: 'A beach',
      image: imageBlob(64, 64),
      style_type: 'GENERAL',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe('Extra formData parameter(s) style_type not in spec.');
  });
});
