import { inspect } from 'node:util';
import { ContentFilteredError, createEasel, ProviderError, RateLimitError } from '@easel/core';
import type { Simulator } from '@easel/testkit';
import {
  imagenOutputSizes,
  imagenRetiredModels,
  imagenSimulatorModels,
  imagenTestPrompts,
  startImagenSimulator,
} from '@easel/testkit/imagen';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { predictViolations } from './__fixtures__/google-mock.js';
import { imagenOutputSizes as adapterOutputSizes } from './imagen-options.js';
import { createImagen, type ImagenProviderSettings } from './imagen-provider.js';

const apiKey = 'gemini-simulator-key-0123456789';
const accessToken = 'ya29.simulator-token-0123456789';
const seedPrompt =
  'A deer drinking in the lake, Sakura petals falling, green and clean water, japanese temple, dappled sunlight, cinematic lighting, expansive view, peace';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startImagenSimulator({ apiKey, accessToken });
});

afterEach(() => {
  for (const request of simulator.requests) expect(predictViolations(request.json())).toEqual([]);
  expect(simulator.errors).toEqual([]);
  simulator.reset();
});

afterAll(() => simulator.close());

function easelFor(api: 'gemini' | 'vertex', settings: ImagenProviderSettings = {}) {
  const provider =
    api === 'gemini'
      ? createImagen({ apiKey, baseURL: `${simulator.url}/v1beta`, retry: false, ...settings })
      : createImagen({
          retry: false,
          vertex: { project: 'easel-test', baseURL: `${simulator.url}/v1`, accessToken },
          ...settings,
        });
  return createEasel({ providers: [provider] });
}

const apis = ['gemini', 'vertex'] as const;

describe.each(apis)('on the %s transport', api => {
  it('serves the seed body verbatim on google/imagen-3.0-generate-002 and every served bare id', async () => {
    const easel = easelFor(api);
    for (const path of ['google/imagen-3.0-generate-002', ...imagenSimulatorModels]) {
      const result = await easel.generate(path, { prompt: seedPrompt, numberOfImages: 1 });
      expect(result.images).toHaveLength(1);
      expect(result.images[0]).toMatchObject({ mediaType: 'image/png', width: 1024, height: 1024 });
    }
    expect(simulator.requests.map(request => request.json())).toEqual(
      Array.from({ length: imagenSimulatorModels.length + 1 }, () => ({
        instances: [{ prompt: seedPrompt }],
        parameters: { sampleCount: 1, includeRaiReason: true },
      })),
    );
  });

  it('turns the default retired ids into a ProviderError naming the alternatives', async () => {
    for (const modelId of imagenRetiredModels) {
      const error = await easelFor(api)
        .generate(modelId, { prompt: 'a fox', numberOfImages: 1 })
        .catch((thrown: unknown) => thrown);
      expect(ProviderError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 404, providerCode: 'model_retired', retryable: false });
      expect((error as Error).message).toContain(`${modelId} was not found`);
      expect((error as Error).message).toContain('imagen-4.0-generate-001');
      expect((error as Error).message).toContain('gemini-2.5-flash-image');
    }
  });

  it('renders the pixel size the adapter declares for every ratio and resolution', () => {
    expect(adapterOutputSizes['1K']).toEqual(
      Object.fromEntries(
        Object.entries(imagenOutputSizes['1K']).map(([ratio, { width, height }]) => [
          ratio,
          `${width}x${height}`,
        ]),
      ),
    );
    expect(adapterOutputSizes['2K']['16:9']).toBe('2816x1536');
  });

  it('honours aspect ratios as Imagen’s buckets and snaps the others with a warning', async () => {
    const easel = easelFor(api);
    const exact = await easel.generate('imagen-3.0-generate-002', {
      prompt: 'a fox',
      aspect_ratio: '3:4',
    });
    expect(exact.warnings).toEqual([]);
    expect(exact.images[0]).toMatchObject({ width: 896, height: 1280 });
    const snapped = await easel.generate('imagen-3.0-generate-002', {
      prompt: 'a fox',
      aspect_ratio: '7:3',
    });
    expect(snapped.warnings).toEqual([
      expect.objectContaining({ type: 'approximated', feature: 'aspect_ratio', used: '16:9' }),
    ]);
    expect(snapped.images[0]).toMatchObject({ width: 1408, height: 768 });
  });

  it('picks 2K from a large size on Imagen 4 Standard and Ultra', async () => {
    const easel = easelFor(api);
    for (const modelId of ['imagen-4.0-generate-001', 'imagen-4.0-ultra-generate-001']) {
      const result = await easel.generate(modelId, { prompt: 'a fox', size: '2560x1440' });
      expect(result.images[0]).toMatchObject({ width: 2816, height: 1536 });
      expect(result.warnings).toEqual([
        expect.objectContaining({ type: 'approximated', feature: 'size', used: '2816x1536' }),
      ]);
    }
  });

  it('returns what survived the filter, with Google’s reason in a warning', async () => {
    const result = await easelFor(api).generate('imagen-4.0-generate-001', {
      prompt: `a fox ${imagenTestPrompts.filterOne}`,
      numberOfImages: 3,
    });
    expect(result.images).toHaveLength(2);
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message: expect.stringMatching(
          /^Google's safety filters withheld 1 of 3 images: .*filtered out 1/,
        ),
      },
    ]);
  });

  it('throws ContentFilteredError when everything was filtered, and for a blocked prompt', async () => {
    const easel = easelFor(api);
    const output = await easel
      .generate('imagen-4.0-fast-generate-001', { prompt: `a fox ${imagenTestPrompts.filterAll}` })
      .catch((thrown: unknown) => thrown);
    expect(ContentFilteredError.isInstance(output)).toBe(true);
    expect(output).toMatchObject({ stage: 'output', status: 200 });
    const input = await easel
      .generate('imagen-4.0-fast-generate-001', {
        prompt: `a fox ${imagenTestPrompts.promptBlocked}`,
      })
      .catch((thrown: unknown) => thrown);
    expect(ContentFilteredError.isInstance(input)).toBe(true);
    expect(input).toMatchObject({ stage: 'input', status: 400, billed: false });
  });

  it('maps RESOURCE_EXHAUSTED to RateLimitError', async () => {
    const error = await easelFor(api)
      .generate('imagen-3.0-generate-002', { prompt: `a fox ${imagenTestPrompts.rateLimited}` })
      .catch((thrown: unknown) => thrown);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, providerCode: 'RESOURCE_EXHAUSTED' });
  });

  it('reports safety attributes of the prompt as metadata, not as an image', async () => {
    const result = await easelFor(api).generate('imagen-3.0-generate-002', {
      prompt: 'a fox',
      includeSafetyAttributes: true,
      numberOfImages: 2,
    });
    expect(result.images).toHaveLength(2);
    expect(result.providerMetadata[0]).toEqual({
      google: { api, positivePromptSafetyAttributes: { categories: [], scores: [] } },
    });
  });
});

describe('on Vertex AI only', () => {
  it('returns the enhanced prompt as revisedPrompt', async () => {
    const result = await easelFor('vertex').generate('imagen-4.0-generate-001', {
      prompt: 'a fox',
      enhancePrompt: true,
    });
    expect(result.images[0]!.revisedPrompt).toMatch(/^a fox, captured in rich/);
  });

  it('reports images written to Cloud Storage (storageUri, passed through) instead of failing', async () => {
    const result = await easelFor('vertex').generate(
      'imagen-3.0-generate-002',
      { prompt: 'a fox', numberOfImages: 2, storageUri: 'gs://easel-bucket/out' } as never,
      { unknownKeys: 'passthrough' },
    );
    expect(result.images).toHaveLength(0);
    const uris = ['gs://easel-bucket/out/1/sample_0.png', 'gs://easel-bucket/out/1/sample_1.png'];
    expect(result.providerMetadata[0]).toEqual({ google: { api: 'vertex', gcsUris: uris } });
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message: `2 images were written to Cloud Storage (storageUri) and are not returned: ${uris.join(', ')}`,
      },
    ]);
  });

  it('honours a seed by turning the watermark off', async () => {
    const easel = easelFor('vertex');
    const first = await easel.generate('imagen-4.0-generate-001', { prompt: 'a fox', seed: 11 });
    const second = await easel.generate('imagen-4.0-generate-001', { prompt: 'a fox', seed: 11 });
    expect(Buffer.from(first.images[0]!.bytes).equals(Buffer.from(second.images[0]!.bytes))).toBe(
      true,
    );
    expect(first.warnings).toEqual([
      { type: 'other', message: expect.stringContaining('addWatermark: false was sent') },
    ]);
    expect(simulator.requests[0]!.json()).toMatchObject({
      parameters: { seed: 11, addWatermark: false },
    });
  });
});

describe('credentials', () => {
  it('explains a wrong Gemini key without showing it', async () => {
    const wrong = 'AIzaSy-wrong-key-0123456789';
    const error = await easelFor('gemini', { apiKey: wrong })
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 400, providerCode: 'API_KEY_INVALID' });
    expect((error as Error).message).toContain('Google refused the API key');
    expect(inspect(error, { depth: 8 })).not.toContain(wrong);
  });

  it('explains a rejected Vertex token without showing it', async () => {
    const wrong = 'ya29.wrong-token-0123456789';
    const error = await easelFor('vertex', {
      vertex: { project: 'easel-test', baseURL: `${simulator.url}/v1`, accessToken: () => wrong },
    })
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toContain('Vertex AI rejected the access token');
    expect(inspect(error, { depth: 8 })).not.toContain(wrong);
  });
});
