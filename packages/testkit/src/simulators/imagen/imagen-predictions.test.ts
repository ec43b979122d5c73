import { describe, expect, it } from 'vitest';
import {
  images,
  metadataOf,
  predict,
  type TestTransport,
  useImagenSimulator,
} from './__fixtures__/imagen-client.js';
import { imagenOutputSizes } from './imagen-output-sizes.js';
import { imagenTestPrompts } from './imagen-test-prompts.js';

const transports: readonly TestTransport[] = ['gemini', 'vertex'];

function body(prompt: string, parameters: Record<string, unknown> = {}) {
  return { instances: [{ prompt }], parameters: { sampleCount: 1, ...parameters } };
}

describe('Imagen predictions: images', () => {
  const simulator = useImagenSimulator();

  it('documents the pixel sizes Imagen renders', () => {
    expect(imagenOutputSizes['1K']).toEqual({
      '1:1': { width: 1024, height: 1024 },
      '3:4': { width: 896, height: 1280 },
      '4:3': { width: 1280, height: 896 },
      '9:16': { width: 768, height: 1408 },
      '16:9': { width: 1408, height: 768 },
    });
    expect(imagenOutputSizes['2K']['1:1']).toEqual({ width: 2048, height: 2048 });
    expect(imagenOutputSizes['2K']['9:16']).toEqual({ width: 1536, height: 2816 });
  });

  it.each(Object.entries(imagenOutputSizes['1K']))(
    'renders %s at its documented size',
    async (aspectRatio, size) => {
      const answer = await predict(
        simulator(),
        'gemini',
        'imagen-4.0-fast-generate-001',
        body('a ratio test', { aspectRatio }),
      );

      expect(answer.status).toBe(200);
      expect(metadataOf(images(answer)[0] ?? {})).toEqual({ mediaType: 'image/png', ...size });
    },
  );

  it.each(['imagen-4.0-generate-001', 'imagen-4.0-ultra-generate-001'])(
    'renders 2K on %s at double size',
    async model => {
      const answer = await predict(
        simulator(),
        'vertex',
        model,
        body('a large picture', { sampleImageSize: '2K', aspectRatio: '16:9' }),
      );

      expect(answer.status).toBe(200);
      expect(metadataOf(images(answer)[0] ?? {})).toEqual({
        mediaType: 'image/png',
        width: 2816,
        height: 1536,
      });
    },
  );

  it('renders 1K when sampleImageSize says so', async () => {
    const answer = await predict(
      simulator(),
      'gemini',
      'imagen-4.0-generate-001',
      body('a small picture', { sampleImageSize: '1K', aspectRatio: '3:4' }),
    );

    expect(metadataOf(images(answer)[0] ?? {})).toMatchObject({ width: 896, height: 1280 });
  });

  it.each(transports)('answers JPEG on %s when outputOptions asks for it', async transport => {
    const answer = await predict(
      simulator(),
      transport,
      'imagen-4.0-generate-001',
      body('a jpeg', { aspectRatio: '4:3', outputOptions: { mimeType: 'image/jpeg' } }),
    );

    const [image] = images(answer);
    expect(image?.mimeType).toBe('image/jpeg');
    expect(metadataOf(image ?? {})).toEqual({ mediaType: 'image/jpeg', width: 1280, height: 896 });
  });

  it('honours compressionQuality for JPEG', async () => {
    const byteLength = async (compressionQuality: number) => {
      const answer = await predict(
        simulator(),
        'gemini',
        'imagen-4.0-fast-generate-001',
        body('a quality test', {
          outputOptions: { mimeType: 'image/jpeg', compressionQuality },
        }),
      );
      return Buffer.from(images(answer)[0]?.bytesBase64Encoded ?? '', 'base64').byteLength;
    };

    const low = await byteLength(0);
    const high = await byteLength(100);
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(low);
  });

  it.each(['imagen-4.0-ultra-generate-001', 'imagen-4.0-ultra-generate-preview-06-06'])(
    'answers one image from %s even when asked for four',
    async model => {
      const answer = await predict(simulator(), 'gemini', model, body('ultra', { sampleCount: 4 }));

      expect(answer.status).toBe(200);
      expect(answer.body.predictions).toHaveLength(1);
    },
  );

  it('returns Cloud Storage URIs instead of bytes on Vertex with storageUri', async () => {
    const answer = await predict(
      simulator(),
      'vertex',
      'imagen-4.0-generate-001',
      body('stored', { sampleCount: 2, storageUri: 'gs://easel-bucket/out/' }),
    );

    expect(answer.status).toBe(200);
    const predictions = answer.body.predictions ?? [];
    expect(predictions).toHaveLength(2);
    for (const [index, prediction] of predictions.entries()) {
      expect(prediction.bytesBase64Encoded).toBeUndefined();
      expect(prediction.mimeType).toBe('image/png');
      expect(prediction.gcsUri).toMatch(
        new RegExp(`^gs://easel-bucket/out/\\d+/sample_${index}\\.png$`),
      );
    }
  });
});

describe('Imagen predictions: prompt enhancement and safety attributes', () => {
  const simulator = useImagenSimulator();

  it('returns a longer, stable rewritten prompt on each Vertex image with enhancePrompt', async () => {
    const prompt = 'a red fox';
    const request = body(prompt, { sampleCount: 2, enhancePrompt: true });
    const first = await predict(simulator(), 'vertex', 'imagen-4.0-generate-001', request);
    const again = await predict(simulator(), 'vertex', 'imagen-4.0-generate-001', request);

    const rewritten = images(first).map(image => image.prompt);
    expect(rewritten).toHaveLength(2);
    for (const enhanced of rewritten) {
      expect(enhanced?.startsWith(prompt)).toBe(true);
      expect(enhanced?.length).toBeGreaterThan(prompt.length * 3);
    }
    expect(images(again).map(image => image.prompt)).toEqual(rewritten);
  });

  it('leaves the prompt out without enhancePrompt', async () => {
    const answer = await predict(
      simulator(),
      'vertex',
      'imagen-4.0-generate-001',
      body('a red fox', { enhancePrompt: false }),
    );

    expect(images(answer)[0]).not.toHaveProperty('prompt');
  });

  it.each(transports)(
    'adds safety attributes and the positive-prompt item on %s',
    async transport => {
      const answer = await predict(
        simulator(),
        transport,
        'imagen-4.0-generate-001',
        body('a calm lake', { sampleCount: 2, includeSafetyAttributes: true }),
      );

      const predictions = answer.body.predictions ?? [];
      expect(predictions).toHaveLength(3);
      expect(predictions.at(-1)).toEqual({
        safetyAttributes: { categories: [], scores: [] },
        contentType: 'Positive Prompt',
      });
      for (const image of predictions.slice(0, 2)) {
        expect(image.bytesBase64Encoded).toBeDefined();
        const attributes = image.safetyAttributes;
        expect(attributes?.categories).toEqual(['Porn', 'Violence']);
        expect(attributes?.scores).toHaveLength(2);
        for (const score of attributes?.scores ?? []) {
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(0.1);
        }
      }
    },
  );
});

describe('Imagen predictions: test prompts', () => {
  const simulator = useImagenSimulator();
  const model = 'imagen-4.0-generate-001';

  it.each(transports)('blocks the prompt on %s with 400 INVALID_ARGUMENT', async transport => {
    const answer = await predict(
      simulator(),
      transport,
      model,
      body(`x ${imagenTestPrompts.promptBlocked}`),
    );

    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 400,
          status: 'INVALID_ARGUMENT',
          message:
            "Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 15236754",
        },
      },
    });
  });

  it.each(transports)('rate-limits on %s with 429 RESOURCE_EXHAUSTED', async transport => {
    const answer = await predict(
      simulator(),
      transport,
      model,
      body(imagenTestPrompts.rateLimited),
    );

    expect(answer).toEqual({
      status: 429,
      headers: expect.any(Headers),
      body: {
        error: {
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          message: 'Resource has been exhausted (e.g. check quota).',
        },
      },
    });
  });

  it('drops one image for filterOne', async () => {
    const answer = await predict(
      simulator(),
      'gemini',
      model,
      body(`a cat ${imagenTestPrompts.filterOne}`, { sampleCount: 3 }),
    );

    expect(answer.status).toBe(200);
    expect(answer.body.predictions).toHaveLength(2);
    expect(images(answer)).toHaveLength(2);
  });

  it('puts a raiFilteredReason item in the filtered image’s place with includeRaiReason', async () => {
    const answer = await predict(
      simulator(),
      'vertex',
      model,
      body(`a cat ${imagenTestPrompts.filterOne}`, {
        sampleCount: 3,
        includeRaiReason: true,
        includeSafetyAttributes: true,
      }),
    );

    const predictions = answer.body.predictions ?? [];
    expect(predictions).toHaveLength(4);
    expect(images(answer)).toHaveLength(2);
    expect(Object.keys(predictions[2] ?? {})).toEqual(['raiFilteredReason']);
    expect(predictions[2]?.raiFilteredReason).toMatch(
      /^Your current safety filter threshold filtered out 1 generated images\./,
    );
    expect(predictions[3]?.contentType).toBe('Positive Prompt');
  });

  it.each(transports)('answers {} on %s when every image is filtered', async transport => {
    const answer = await predict(
      simulator(),
      transport,
      model,
      body(imagenTestPrompts.filterAll, { sampleCount: 4 }),
    );

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
  });

  it('answers only the reason when every image is filtered with includeRaiReason', async () => {
    const answer = await predict(
      simulator(),
      'gemini',
      model,
      body(imagenTestPrompts.filterAll, { sampleCount: 4, includeRaiReason: true }),
    );

    expect(answer.body).toEqual({
      predictions: [
        {
          raiFilteredReason: expect.stringMatching(
            /^Your current safety filter threshold filtered out 4 generated images\./,
          ),
        },
      ],
    });
  });
});
