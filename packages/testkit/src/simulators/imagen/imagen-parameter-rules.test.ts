import { describe, expect, it } from 'vitest';
import { images, predict, useImagenSimulator } from './__fixtures__/imagen-client.js';
import { vertexOnlyParameters } from './imagen-parameter-rules.js';

const vertexOnlyValues: Readonly<Record<string, unknown>> = {
  negativePrompt: 'blurry',
  seed: 42,
  addWatermark: false,
  enhancePrompt: true,
  storageUri: 'gs://easel-bucket/images',
};

function withParameters(parameters: Record<string, unknown>) {
  return { instances: [{ prompt: 'a windmill' }], parameters: { sampleCount: 1, ...parameters } };
}

describe('Imagen parameter rules', () => {
  const simulator = useImagenSimulator();

  it('lists the Vertex-only parameters of the schema', () => {
    expect(vertexOnlyParameters).toEqual(Object.keys(vertexOnlyValues));
  });

  it.each(Object.entries(vertexOnlyValues))(
    'refuses %s on the Gemini API and accepts it on Vertex',
    async (name, value) => {
      const request = withParameters({ [name]: value });
      const gemini = await predict(simulator(), 'gemini', 'imagen-4.0-generate-001', request);
      const vertex = await predict(simulator(), 'vertex', 'imagen-4.0-generate-001', request);

      expect(gemini).toMatchObject({
        status: 400,
        body: {
          error: {
            code: 400,
            status: 'INVALID_ARGUMENT',
            message: `${name} parameter is not supported in the Gemini API.`,
          },
        },
      });
      expect(vertex.status).toBe(200);
      expect(vertex.body.predictions).toHaveLength(1);
    },
  );

  it('names the first Vertex-only parameter sent', async () => {
    const answer = await predict(
      simulator(),
      'gemini',
      'imagen-4.0-generate-001',
      withParameters({ addWatermark: false, negativePrompt: 'blurry' }),
    );

    expect(answer.body.error?.message).toBe(
      'addWatermark parameter is not supported in the Gemini API.',
    );
  });

  it.each([
    ['gemini', 'imagen-4.0-fast-generate-001', '2K'],
    ['vertex', 'imagen-4.0-fast-generate-preview-06-06', '2K'],
    ['gemini', 'imagen-3.0-generate-002', '2K'],
    ['vertex', 'imagen-3.0-generate-002', '1K'],
  ] as const)('refuses sampleImageSize on %s for %s (%s)', async (transport, model, size) => {
    const answer = await predict(
      simulator(),
      transport,
      model,
      withParameters({ sampleImageSize: size }),
    );

    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: `sampleImageSize is not supported by ${model}: only Imagen 4 Standard and Ultra models accept it.`,
    });
  });

  it('refuses a storageUri outside Cloud Storage', async () => {
    const answer = await predict(
      simulator(),
      'vertex',
      'imagen-4.0-generate-001',
      withParameters({ storageUri: 'https://example.test/images' }),
    );

    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toContain('storageUri must be a Cloud Storage URI');
  });

  it('accepts every Vertex-only parameter together on Vertex', async () => {
    const { storageUri: _storedElsewhere, ...inline } = vertexOnlyValues;
    const answer = await predict(
      simulator(),
      'vertex',
      'imagen-4.0-generate-001',
      withParameters({ ...inline, sampleCount: 2 }),
    );

    expect(answer.status).toBe(200);
    expect(images(answer)).toHaveLength(2);
  });
});
