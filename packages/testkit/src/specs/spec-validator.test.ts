import { loadSharedSpec, sharedSpecNames } from '@easel/specs';
import { describe, expect, it } from 'vitest';
import * as documents from './index.js';
import { JsonSchemaValidator, multipartToObject, OpenApiValidator } from './spec-validator.js';

const part = (
  name: string,
  value: string,
  extra: { filename?: string; contentType?: string } = {},
) => {
  const data = Buffer.from(value);
  return { name, data, headers: {}, text: () => data.toString('utf8'), ...extra };
};

describe('embedded specs', () => {
  it('are exact copies of shared/specs (run scripts/sync-specs.mjs after they change)', () => {
    const embedded: Record<string, unknown> = {
      'bfl.openapi.json': documents.bflOpenapiDocument,
      'ideogram-v3.openapi.json': documents.ideogramV3OpenapiDocument,
      'imagen-predict.schema.json': documents.imagenPredictSchemaDocument,
      'openai-images.openapi.json': documents.openaiImagesOpenapiDocument,
      'stability-sd3.schema.json': documents.stabilitySd3SchemaDocument,
    };
    expect(Object.keys(embedded).sort()).toEqual(sharedSpecNames().sort());
    for (const name of sharedSpecNames())
      expect(embedded[name], name).toEqual(loadSharedSpec(name));
  });
});

describe('OpenApiValidator', () => {
  const openai = new OpenApiValidator(documents.openaiImagesOpenapiDocument);

  it('accepts a valid generation and lists what is wrong with a bad one', () => {
    const seed = {
      model: 'gpt-image-1',
      prompt: 'A deer',
      size: '1024x1024',
      n: 1,
      quality: 'high',
      moderation: 'low',
      background: 'auto',
    };
    expect(
      openai.validateRequest('/images/generations', {
        contentType: 'application/json',
        body: seed,
      }),
    ).toEqual([]);
    const violations = openai.validateRequest('/images/generations', {
      contentType: 'application/json',
      body: { prompt: 'A deer', n: 11, quality: 'ultra' },
    });
    expect(violations).toEqual(
      expect.arrayContaining([
        { path: '/n', message: 'must be <= 10' },
        expect.objectContaining({
          path: '/quality',
          message: expect.stringContaining('must be equal to one of the allowed values'),
        }),
      ]),
    );
  });

  it('refuses a content type the operation does not accept', () => {
    expect(openai.contentTypes('/images/edits')).toEqual([
      'multipart/form-data',
      'application/json',
    ]);
    expect(
      openai.validateRequest('/images/generations', {
        contentType: 'multipart/form-data',
        body: {},
      })[0]?.message,
    ).toBe(
      'POST /images/generations does not accept multipart/form-data; it accepts application/json',
    );
  });

  it('validates multipart edits with repeated image[] parts and coerced numbers', () => {
    const body = multipartToObject([
      part('model', 'gpt-image-1'),
      part('prompt', 'add a hat'),
      part('image[]', 'png-bytes', { filename: 'a.png', contentType: 'image/png' }),
      part('image[]', 'png-bytes', { filename: 'b.png', contentType: 'image/png' }),
      part('n', '2'),
    ]);
    expect(body).toEqual({
      model: 'gpt-image-1',
      prompt: 'add a hat',
      image: ['<binary a.png 9 bytes>', '<binary b.png 9 bytes>'],
      n: '2',
    });
    expect(
      openai.validateRequest('/images/edits', {
        contentType: 'multipart/form-data; boundary=x',
        body,
      }),
    ).toEqual([]);
    const bad = multipartToObject([
      part('prompt', 'x'),
      part('image', 'y', { filename: 'a.png' }),
      part('n', 'many'),
    ]);
    expect(
      openai.validateRequest('/images/edits', { contentType: 'multipart/form-data', body: bad }),
    ).toContainEqual({ path: '/n', message: 'must be integer' });
  });

  it('parses JSON-typed multipart parts', () => {
    expect(
      multipartToObject([
        part('color_palette', '{"name":"EMBER"}', { contentType: 'application/json' }),
      ]),
    ).toEqual({ color_palette: { name: 'EMBER' } });
  });

  it('handles OpenAPI 3.0 documents with nullable', () => {
    const ideogram = new OpenApiValidator(documents.ideogramV3OpenapiDocument);
    expect(ideogram.contentTypes('/v1/ideogram-v3/generate')).toContain('multipart/form-data');
    expect(
      ideogram.validateRequest('/v1/ideogram-v3/generate', {
        contentType: 'multipart/form-data',
        body: { prompt: 'x', rendering_speed: 'QUALITY', aspect_ratio: '2x1' },
      }),
    ).toEqual([]);
    expect(
      ideogram.validateRequest('/v1/ideogram-v3/generate', {
        contentType: 'multipart/form-data',
        body: { prompt: 'x', aspect_ratio: '2:1' },
      }),
    ).toHaveLength(1);
  });
});

describe('JsonSchemaValidator', () => {
  it('validates Imagen predict bodies', () => {
    const imagen = new JsonSchemaValidator(documents.imagenPredictSchemaDocument);
    expect(
      imagen.validate({ instances: [{ prompt: 'x' }], parameters: { sampleCount: 1 } }),
    ).toEqual([]);
    expect(
      imagen.validate({ instances: [{ prompt: 'x' }], parameters: { numberOfImages: 1 } }),
    ).toEqual([
      { path: '/parameters', message: 'must NOT have additional properties ("numberOfImages")' },
    ]);
  });
});
