import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../__fixtures__/gateway-harness.js';
import { call, until } from '../__fixtures__/http-client.js';
import type { PredictionJson } from '../predictions/prediction-view.js';

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness({
    gateway: { apiKeys: ['gw-files-0123456789abcdef'], limits: { fileTtlMs: 600 } },
  });
});
afterAll(() => harness.close());

async function generate(): Promise<PredictionJson> {
  const { status, body } = await call<PredictionJson>(
    'POST',
    `${harness.url}/v1/models/ref-sync/predictions`,
    {
      body: { input: { prompt: 'a file', size: '512x512', output_format: 'webp' } },
      headers: { authorization: 'Bearer gw-files-0123456789abcdef' },
    },
  );
  expect(status).toBe(201);
  return body;
}

describe('GET /v1/files/:id', () => {
  it('serves the bytes with their type, length, validators and caching, without a key', async () => {
    const prediction = await generate();
    const url = prediction.output![0]!;
    const response = await fetch(url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength);
    expect(response.headers.get('cache-control')).toMatch(/^private, max-age=\d+, immutable$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="f_.+\.webp"$/);
    expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('RIFF');
    const etag = response.headers.get('etag')!;
    const conditional = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(conditional.status).toBe(304);
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.byteLength));
  });

  it('stops serving a file once it expires, and marks the prediction data_removed', async () => {
    const prediction = await generate();
    const url = prediction.output![0]!;
    expect((await fetch(url)).status).toBe(200);
    const expired = await until(
      () => call('GET', url),
      answer => answer.status !== 200,
    );
    expect(expired.status).toBe(404);
    expect(expired.body.error.code).toBe('file_not_found');
    const later = await call<PredictionJson>('GET', prediction.urls.get, {
      headers: { authorization: 'Bearer gw-files-0123456789abcdef' },
    });
    expect(later.body).toMatchObject({ status: 'succeeded', output: null, data_removed: true });
  });

  it('answers 404 for ids that are not files', async () => {
    for (const id of ['f_AAAAAAAAAAAAAAAAAAAAAA', 'nope', 'f_..']) {
      const { status, body } = await call('GET', `${harness.url}/v1/files/${id}`);
      expect(status).toBe(404);
      expect(body.error.code).toBe('file_not_found');
    }
  });
});
