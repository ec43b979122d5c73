import { createEasel } from '@easel/core';
import { createGateway } from '@easel/gateway';
import { createOpenAI } from '@easel/provider-openai';
import type { Simulator } from '@easel/testkit';
import { startOpenAISimulator } from '@easel/testkit/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcmeSimulator } from './__fixtures__/acme-simulator.js';
import { createAcme } from './acme-provider.js';

// A third-party provider registered in the hub next to a built-in one, each against its own wire
// simulator: one call shape, one result shape; and served by the gateway like any other.
let acmeSimulator: Simulator;
let openaiSimulator: Simulator;

beforeAll(async () => {
  [acmeSimulator, openaiSimulator] = await Promise.all([
    startAcmeSimulator({ apiKey: 'acme-test-key' }),
    startOpenAISimulator({ apiKey: 'sk-openai-test-key' }),
  ]);
});
afterAll(() => Promise.all([acmeSimulator.close(), openaiSimulator.close()]));

function hub() {
  return createEasel({
    providers: [
      createAcme({ apiKey: 'acme-test-key', baseURL: acmeSimulator.url }),
      createOpenAI({
        apiKey: 'sk-openai-test-key',
        baseURL: `${openaiSimulator.url}/v1`,
        downloads: { allowlist: [openaiSimulator.url] },
      }),
    ],
  });
}

describe('acme next to a built-in provider in one hub', () => {
  it('lists both providers’ models with capabilities and input JSON Schemas', () => {
    const models = hub().models();
    const paths = models.map(model => model.path);
    expect(paths).toEqual(
      expect.arrayContaining(['acme/acme-1', 'acme/acme-1-lite', 'openai/gpt-image-1']),
    );
    const acme1 = models.find(model => model.path === 'acme/acme-1');
    expect(acme1?.capabilities.maxImagesPerCall).toBe(4);
    expect(Object.keys((acme1?.inputSchema.properties ?? {}) as object)).toEqual(
      expect.arrayContaining(['prompt', 'style', 'num_outputs', 'reference_image']),
    );
  });

  it('generates through both with the same call, fanning out beyond each model’s per-call limit', async () => {
    const easel = hub();
    const input = { prompt: 'a deer drinking in the lake', n: 6, size: '1024x1024' } as const;
    const [fromAcme, fromOpenAI] = await Promise.all([
      easel.generate('acme/acme-1', { ...input, style: 'watercolor' }),
      easel.generate('openai/gpt-image-1', { ...input, quality: 'low' }),
    ]);
    for (const result of [fromAcme, fromOpenAI]) {
      expect(result.images).toHaveLength(6);
      for (const image of result.images) {
        expect(image.mediaType).toBe('image/png');
        expect([image.width, image.height]).toEqual([1024, 1024]);
        expect([...image.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      }
    }
    // acme-1 takes 4 per request, gpt-image-1 takes 10: 2 requests and 1.
    expect(acmeSimulator.requests).toHaveLength(2);
    expect(openaiSimulator.requests).toHaveLength(1);
    expect(fromAcme.images.map(image => image.seed)).toHaveLength(6);
  });
});

describe('acme served by the gateway', () => {
  it('answers POST /v1/models/acme/<model>/predictions with a prediction whose files are the images', async () => {
    const gateway = await createGateway({ easel: hub(), logger: false });
    const url = await gateway.listen({ port: 0, host: '127.0.0.1' });
    try {
      const described = await fetch(`${url}/v1/models/acme/acme-1`);
      expect(described.status).toBe(200);
      expect(JSON.stringify(await described.json())).toContain('reference_strength');

      const response = await fetch(`${url}/v1/models/acme/acme-1/predictions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'wait' },
        body: JSON.stringify({
          input: { prompt: 'a lighthouse at dusk', n: 2, size: '1536x1024', style: 'illustration' },
        }),
      });
      const prediction = (await response.json()) as {
        status: string;
        model: string;
        output: string[] | null;
        error: unknown;
      };
      expect(response.status).toBeLessThan(300);
      expect(prediction).toMatchObject({ status: 'succeeded', error: null });
      expect(prediction.model).toMatch(/acme-1/);
      expect(prediction.output).toHaveLength(2);
      for (const file of prediction.output ?? []) {
        const image = await fetch(file);
        expect(image.headers.get('content-type')).toBe('image/png');
        expect([...new Uint8Array(await image.arrayBuffer()).subarray(0, 4)]).toEqual([
          0x89, 0x50, 0x4e, 0x47,
        ]);
      }
      const sent = acmeSimulator.requests.at(-1)?.json<Record<string, unknown>>();
      expect(sent).toMatchObject({ model: 'acme-1', num_outputs: 2, width: 1536, height: 1024 });

      const invalid = await fetch(`${url}/v1/models/acme/acme-1/predictions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'wait' },
        body: JSON.stringify({ input: { prompt: 'x', style: 'oil' } }),
      });
      expect(invalid.status).toBe(400);
      expect(JSON.stringify(await invalid.json())).toContain('style');
    } finally {
      await gateway.close({ graceMs: 0 });
    }
  });
});
