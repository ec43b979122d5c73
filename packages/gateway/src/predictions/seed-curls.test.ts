import { readImageMetadata } from '@easel/core';
import { createFlux } from '@easel/provider-flux';
import { type BflSimulator, startBflSimulator } from '@easel/testkit/bfl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, until } from '../__fixtures__/http-client.js';
import {
  type OpenAIGatewayHarness,
  startOpenAIGatewayHarness,
} from '../__fixtures__/openai-setup.js';
import { type StandInCall, seedCatalogProviders } from '../__fixtures__/seed-catalog-providers.js';
import type { PredictionJson } from './prediction-view.js';

const key = 'sk-gateway-seed-0123456789';
const calls: StandInCall[] = [];
let bfl: BflSimulator;
let harness: OpenAIGatewayHarness;

beforeAll(async () => {
  bfl = await startBflSimulator({ jobDurationMs: 200, apiKey: 'bfl-canary-key-0123456789' });
  const flux = createFlux({
    apiKey: 'bfl-canary-key-0123456789',
    baseURL: bfl.url,
    downloads: { allowlist: [...bfl.origins] },
  });
  harness = await startOpenAIGatewayHarness({
    gateway: { apiKeys: [key], sandboxProviders: ['openai', 'bfl'] },
    extraProviders: [flux, ...seedCatalogProviders(calls)],
  });
});
afterAll(async () => {
  await harness.close();
  await bfl.close();
});

/** The seed documents' curl: POST, JSON, a Bearer key, the body as written there. */
function curl(path: string, body: string) {
  return call<PredictionJson>('POST', `${harness.url}/v1/models/${path}/predictions`, {
    raw: body,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
  });
}

const deer =
  'A deer drinking in the lake, Sakura petals falling, green and clean water, japanese temple, dappled sunlight, cinematic lighting, expansive view, peace';

describe('every curl of the seed documents, verbatim', () => {
  it.each([
    [
      'opanai/gpt-image-1',
      `{
  "input": {
    "prompt": "${deer}",
    "size": "1024x1024", 
    "n": 1,
    "quality": "high",
    "moderation": "low",
    "background": "auto"
  }
}`,
      'openai/gpt-image-1',
    ],
    [
      'opanai/dall-e-3',
      `{
  "input": {
    "prompt": "${deer}",
    "size": "1024x1024", 
    "n": 1
  }
}`,
      'openai/dall-e-3',
    ],
  ])('%s', async (path, body, model) => {
    const { status, body: prediction } = await curl(path, body);
    expect(status).toBe(201);
    expect(prediction).toMatchObject({ model, status: 'succeeded', sandbox: true });
    const file = await fetch(prediction.output![0]!);
    expect(readImageMetadata(new Uint8Array(await file.arrayBuffer()))).toMatchObject({
      width: 1024,
      height: 1024,
    });
  });

  it.each([
    [
      'ideogram/V3',
      `{
  "input": {
    "prompt": "${deer}, in the style of Pixar 3D",
    "rendering_speed": "QUALITY",
    "aspect_ratio": "2x1"
  }
}`,
      'ideogram/V3',
    ],
    [
      'stability/Stable-Diffusion-3-5-Large',
      `{
  "input": {
    "prompt": "${deer}",
    "n": 1
  }
}`,
      'stability/sd3.5-large',
    ],
    [
      'google/imagen-3.0-generate-002',
      `{
  "input": {
    "prompt": "${deer}",
    "numberOfImages": 1
  }
}`,
      'google/imagen-3.0-generate-002',
    ],
  ])('%s', async (path, body, model) => {
    const { status, body: prediction } = await curl(path, body);
    expect(status).toBe(201);
    expect(prediction).toMatchObject({ model, status: 'succeeded', sandbox: false });
    expect(calls.at(-1)?.model).toBe(model);
  });

  it('accepts the generic "your prompt" body on every model path the documents list', async () => {
    const paths = [
      'opanai/gpt-image-1',
      'ideogram/V3',
      'stability/Stable-Diffusion-3-5-Large',
      'imagen-4.0-ultra-generate-preview-06-06',
      'imagen-4.0-generate-preview-06-06',
      'imagen-4.0-ultra-generate-exp-05-20',
      'imagen-4.0-generate-preview-05-20',
      'imagen-3.0-generate-002',
      'imagen-4.0-ultra-generate-001',
      'imagen-4.0-generate-001',
      'imagen-4.0-fast-generate-001',
      'imagen-4.0-fast-generate-preview-06-06',
      'flux-kontext-max',
      'flux-kontext-pro',
      'FLUX.1-Kontext-pro',
      'FLUX-1.1-pro',
      'bfl/FLUX.1-Kontext-pro',
    ];
    const answers = await Promise.all(
      paths.map(path =>
        curl(
          path,
          `{
  "input": {
    "prompt": "your prompt"
  }
}`,
        ),
      ),
    );
    expect(answers.map(answer => [answer.status, answer.body.status])).toEqual(
      paths.map(() => [201, 'succeeded']),
    );
  });
});

describe('an asynchronous provider behind Prefer', () => {
  it('gives up after wait=N on a slow BFL job and completes it in the background', async () => {
    const slow = await startBflSimulator({ jobDurationMs: 2_500 });
    try {
      const flux = createFlux({
        apiKey: 'bfl-slow-key-0123456789',
        baseURL: slow.url,
        downloads: { allowlist: [...slow.origins] },
      });
      const local = await startOpenAIGatewayHarness({ extraProviders: [flux] });
      try {
        const { status, body } = await call<PredictionJson>(
          'POST',
          `${local.url}/v1/models/flux-kontext-pro/predictions`,
          {
            body: { input: { prompt: 'a slow fox', aspect_ratio: '1:1' } },
            headers: { prefer: 'wait=1' },
          },
        );
        expect(status).toBe(202);
        expect(body.status).toBe('processing');
        const done = await until(
          () => call<PredictionJson>('GET', body.urls.get),
          answer => answer.body.status !== 'processing',
        );
        expect(done.body.status).toBe('succeeded');
        expect(done.body.model).toBe('bfl/flux-kontext-pro');
        expect(slow.requests.filter(request => request.method === 'POST')).toHaveLength(1);
      } finally {
        await local.close();
      }
    } finally {
      await slow.close();
    }
  });
});
