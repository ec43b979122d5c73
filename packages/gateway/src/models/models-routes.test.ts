import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../__fixtures__/gateway-harness.js';
import { call } from '../__fixtures__/http-client.js';
import type { ModelJson } from './models-routes.js';

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness({
    gateway: { sandboxProviders: ['reference'], publicUrl: 'https://images.example.com/' },
  });
});
afterAll(() => harness.close());

describe('GET /v1/models', () => {
  it('lists every model with paths, capabilities, input schema and the sandbox marker', async () => {
    const { status, body } = await call<{ object: string; data: ModelJson[] }>(
      'GET',
      `${harness.url}/v1/models`,
    );
    expect(status).toBe(200);
    expect(body.object).toBe('list');
    expect(body.data.map(model => model.id)).toEqual(['reference/ref-sync', 'reference/ref-async']);
    const sync = body.data[0]!;
    expect(sync).toMatchObject({
      object: 'model',
      owned_by: 'reference',
      provider: 'reference',
      model_id: 'ref-sync',
      sandbox: true,
      capabilities: { execution: 'sync', maxImagesPerCall: 4 },
      urls: {
        predictions: 'https://images.example.com/v1/models/reference/ref-sync/predictions',
      },
    });
    expect(sync.paths).toEqual(
      expect.arrayContaining(['reference/ref-sync', 'ref-sync', 'reference/sync']),
    );
    expect(sync.input_schema).toMatchObject({
      type: 'object',
      properties: { prompt: { type: 'string' }, quality: { enum: ['draft', 'standard', 'high'] } },
    });
  });
});

describe('GET /v1/models/<model_path>', () => {
  it('describes one model by any of its paths', async () => {
    for (const path of ['reference/ref-async', 'ref-async', 'REFERENCE/ASYNC']) {
      const { status, body } = await call<ModelJson>('GET', `${harness.url}/v1/models/${path}`);
      expect(status, path).toBe(200);
      expect(body.id).toBe('reference/ref-async');
      expect(body.capabilities.execution).toBe('async');
    }
  });

  it('answers 404 with suggestions for an unknown model', async () => {
    const { status, body } = await call('GET', `${harness.url}/v1/models/reference/ref-synk`);
    expect(status).toBe(404);
    expect(body.error.code).toBe('unknown_model');
    expect(body.error.details.suggestions).toContain('reference/ref-sync');
    expect(body.error.message).toContain('Did you mean');
  });

  it('marks providers that are not in sandboxProviders as real', async () => {
    const real = await startGatewayHarness();
    try {
      const { body } = await call<ModelJson>('GET', `${real.url}/v1/models/ref-sync`);
      expect(body.sandbox).toBe(false);
    } finally {
      await real.close();
    }
  });
});
