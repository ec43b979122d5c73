import { describe, expect, it } from 'vitest';
import {
  credentials,
  images,
  metadataOf,
  modelPath,
  predict,
  send,
  type TestTransport,
  useImagenSimulator,
} from './__fixtures__/imagen-client.js';
import { imagenRetiredModels, imagenSimulatorModels } from './imagen-models.js';
import { startImagenSimulator } from './imagen-simulator.js';

const transports: readonly TestTransport[] = ['gemini', 'vertex'];
const deerBody = {
  instances: [{ prompt: 'A deer drinking from a stream at dawn' }],
  parameters: { sampleCount: 1 },
};

describe('startImagenSimulator', () => {
  const simulator = useImagenSimulator();

  it.each(transports)(
    'answers the documented wire body on %s for imagen-3.0-generate-002',
    async transport => {
      const answer = await predict(simulator(), transport, 'imagen-3.0-generate-002', deerBody);

      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=UTF-8');
      expect(answer.body.predictions).toHaveLength(1);
      const [prediction] = answer.body.predictions ?? [];
      expect(Object.keys(prediction ?? {})).toEqual(['bytesBase64Encoded', 'mimeType']);
      expect(prediction?.mimeType).toBe('image/png');
      expect(metadataOf(prediction ?? {})).toEqual({
        mediaType: 'image/png',
        width: 1024,
        height: 1024,
      });
    },
  );

  it.each(transports)('returns 4 images on %s when sampleCount is absent', async transport => {
    const answer = await predict(simulator(), transport, 'imagen-4.0-fast-generate-001', {
      instances: [{ prompt: 'four lighthouses' }],
    });

    expect(answer.status).toBe(200);
    expect(images(answer)).toHaveLength(4);
    const distinct = new Set(images(answer).map(image => image.bytesBase64Encoded));
    expect(distinct.size).toBe(4);
  });

  it('serves every model it lists and retires the two 05-20 ids by default', async () => {
    expect(imagenSimulatorModels).toEqual([
      'imagen-3.0-generate-002',
      'imagen-4.0-generate-001',
      'imagen-4.0-ultra-generate-001',
      'imagen-4.0-fast-generate-001',
      'imagen-4.0-fast-generate-preview-06-06',
      'imagen-4.0-ultra-generate-preview-06-06',
      'imagen-4.0-generate-preview-06-06',
    ]);
    expect(imagenRetiredModels).toEqual([
      'imagen-4.0-generate-preview-05-20',
      'imagen-4.0-ultra-generate-exp-05-20',
    ]);
    for (const model of imagenSimulatorModels) {
      const answer = await predict(simulator(), 'vertex', model, deerBody);
      expect({ model, status: answer.status }).toEqual({ model, status: 200 });
    }
  });

  it('is deterministic in the prompt', async () => {
    const model = 'imagen-4.0-fast-generate-001';
    const first = await predict(simulator(), 'gemini', model, deerBody);
    const again = await predict(simulator(), 'gemini', model, deerBody);
    const other = await predict(simulator(), 'gemini', model, {
      ...deerBody,
      instances: [{ prompt: 'A heron in the reeds' }],
    });

    expect(images(again)[0]?.bytesBase64Encoded).toBe(images(first)[0]?.bytesBase64Encoded);
    expect(images(other)[0]?.bytesBase64Encoded).not.toBe(images(first)[0]?.bytesBase64Encoded);
  });

  it('honours the Vertex seed only when addWatermark is false', async () => {
    const model = 'imagen-4.0-generate-001';
    const withSeed = (seed: number, addWatermark?: boolean) =>
      predict(simulator(), 'vertex', model, {
        ...deerBody,
        parameters: {
          sampleCount: 1,
          seed,
          ...(addWatermark === undefined ? {} : { addWatermark }),
        },
      }).then(answer => images(answer)[0]?.bytesBase64Encoded);

    expect(await withSeed(7, false)).toBe(await withSeed(7, false));
    expect(await withSeed(7, false)).not.toBe(await withSeed(8, false));
    expect(await withSeed(7)).toBe(await withSeed(8));
    expect(await withSeed(7, true)).toBe(await withSeed(8, true));
  });

  it.each(transports)('answers retired models on %s with 404 NOT_FOUND', async transport => {
    for (const model of imagenRetiredModels) {
      const answer = await predict(simulator(), transport, model, deerBody);
      const message =
        transport === 'gemini'
          ? `models/${model} is not found for API version v1beta, or is not supported for predict. Call ListModels to see the list of available models and their supported methods.`
          : `Publisher Model \`projects/easel-test/locations/us-central1/publishers/google/models/${model}\` was not found or your project does not have access to it.`;
      expect(answer).toMatchObject({
        status: 404,
        body: { error: { code: 404, status: 'NOT_FOUND', message } },
      });
    }
  });

  it('answers unknown models with 404 NOT_FOUND', async () => {
    const answer = await predict(simulator(), 'gemini', 'imagen-9.9-dream-001', deerBody);

    expect(answer.status).toBe(404);
    expect(answer.body.error?.message).toMatch(/^models\/imagen-9\.9-dream-001 is not found/);
  });

  it('answers other model methods with the not-supported 404', async () => {
    const answer = await send(
      simulator(),
      modelPath('gemini', 'imagen-4.0-generate-001', 'generateContent'),
      {
        headers: credentials('gemini'),
        body: JSON.stringify(deerBody),
      },
    );

    expect(answer.status).toBe(404);
    expect(answer.body.error?.message).toContain('or is not supported for generateContent.');
  });

  it.each([
    ['GET', modelPath('gemini', 'imagen-4.0-generate-001')],
    ['POST', '/v1beta/models'],
    ['POST', '/v1/projects/p/locations/l/publishers/openai/models/imagen-4.0-generate-001:predict'],
    ['POST', '/v2/models/imagen-4.0-generate-001:predict'],
  ])('answers %s %s with a 404 in Google’s envelope', async (method, path) => {
    const answer = await send(simulator(), path, {
      method,
      headers: credentials('gemini'),
      ...(method === 'GET' ? {} : { body: JSON.stringify(deerBody) }),
    });

    expect(answer).toMatchObject({
      status: 404,
      body: {
        error: {
          code: 404,
          status: 'NOT_FOUND',
          message: `The requested URL ${path} was not found on this server.`,
        },
      },
    });
  });

  it('accepts a percent-encoded colon before the method', async () => {
    const answer = await send(
      simulator(),
      '/v1beta/models/imagen-4.0-fast-generate-001%3Apredict',
      {
        headers: credentials('gemini'),
        body: JSON.stringify(deerBody),
      },
    );

    expect(answer.status).toBe(200);
  });

  it('keeps fault injection working', async () => {
    const path = modelPath('gemini', 'imagen-4.0-generate-001');
    simulator().inject({
      match: { method: 'POST', path },
      times: 1,
      fault: {
        type: 'respond',
        status: 503,
        body: { error: { code: 503, status: 'UNAVAILABLE', message: 'down' } },
      },
    });

    const faulted = await predict(simulator(), 'gemini', 'imagen-4.0-generate-001', deerBody);
    const next = await predict(simulator(), 'gemini', 'imagen-4.0-generate-001', deerBody);

    expect(faulted.status).toBe(503);
    expect(next.status).toBe(200);
    expect(simulator().requests.at(-2)?.fault).toBe('respond');
  });
});

describe('startImagenSimulator options', () => {
  it('serves the 05-20 models when retiredModels is empty and retires the listed ones', async () => {
    const simulator = await startImagenSimulator({ retiredModels: ['imagen-4.0-generate-001'] });
    try {
      const revived = await predict(
        simulator,
        'gemini',
        'imagen-4.0-generate-preview-05-20',
        deerBody,
      );
      const retired = await predict(simulator, 'vertex', 'imagen-4.0-generate-001', deerBody);

      expect(revived.status).toBe(200);
      expect(retired.status).toBe(404);
      expect(simulator.errors).toEqual([]);
    } finally {
      await simulator.close();
    }
  });

  it('accepts any non-empty credentials by default', async () => {
    const simulator = await startImagenSimulator();
    try {
      const gemini = await send(simulator, modelPath('gemini', 'imagen-4.0-generate-001'), {
        headers: { 'x-goog-api-key': 'anything' },
        body: JSON.stringify(deerBody),
      });
      const vertex = await send(simulator, modelPath('vertex', 'imagen-4.0-generate-001'), {
        headers: { authorization: 'Bearer ya29.anything' },
        body: JSON.stringify(deerBody),
      });

      expect([gemini.status, vertex.status]).toEqual([200, 200]);
    } finally {
      await simulator.close();
    }
  });

  it('refuses empty credentials in its options', async () => {
    await expect(startImagenSimulator({ apiKey: '' })).rejects.toThrow(/apiKey must not be empty/);
  });

  it('picks different pictures with a different simulator seed', async () => {
    const first = await startImagenSimulator({ seed: 1 });
    const second = await startImagenSimulator({ seed: 2 });
    try {
      const [one, two] = await Promise.all(
        [first, second].map(simulator =>
          predict(simulator, 'gemini', 'imagen-4.0-fast-generate-001', deerBody),
        ),
      );

      expect(images(one!)[0]?.bytesBase64Encoded).not.toBe(images(two!)[0]?.bytesBase64Encoded);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
