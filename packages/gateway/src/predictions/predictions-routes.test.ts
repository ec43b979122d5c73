import { readImageMetadata } from '@easel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../__fixtures__/gateway-harness.js';
import { call, until } from '../__fixtures__/http-client.js';
import type { PredictionJson } from './prediction-view.js';

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness({ simulator: { jobDurationMs: 300 } });
});
afterAll(() => harness.close());

const create = (
  model: string,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  call<PredictionJson>('POST', `${harness.url}/v1/models/${model}/predictions`, {
    body: { input },
    headers,
  });

const read = (url: string) => call<PredictionJson>('GET', url);

async function fetchBytes(
  url: string,
): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

describe('POST /v1/models/<model_path>/predictions', () => {
  it('waits for a synchronous model and answers 201 with file URLs', async () => {
    const { status, headers, body } = await create('reference/ref-sync', {
      prompt: 'a deer drinking in the lake',
      size: '512x512',
      n: 2,
      seed: 41,
    });
    expect(status).toBe(201);
    expect(headers.get('location')).toBeNull();
    // Per image, the seed the provider reports (the reference simulator counts up from the
    // request's) and the size, in output's order.
    expect(body.images).toEqual([
      { content_type: 'image/png', width: 512, height: 512, seed: 41 },
      { content_type: 'image/png', width: 512, height: 512, seed: 42 },
    ]);
    expect(body).toMatchObject({
      model: 'reference/ref-sync',
      version: 'hidden',
      status: 'succeeded',
      input: { prompt: 'a deer drinking in the lake', size: '512x512', n: 2, seed: 41 },
      error: null,
      sandbox: false,
      data_removed: false,
      metrics: { image_count: 2 },
      urls: {
        get: `${harness.url}/v1/predictions/${body.id}`,
        cancel: `${harness.url}/v1/predictions/${body.id}/cancel`,
      },
    });
    expect(body.id).toMatch(/^p_[a-z2-7]{26}$/);
    expect(body.output).toHaveLength(2);
    expect(Date.parse(body.completed_at!)).toBeGreaterThanOrEqual(Date.parse(body.created_at));
    for (const url of body.output!) {
      expect(url).toMatch(new RegExp(`^${harness.url}/v1/files/f_[A-Za-z0-9_-]{22}$`));
      const file = await fetchBytes(url);
      expect(file.status).toBe(200);
      expect(file.type).toBe('image/png');
      expect(readImageMetadata(file.bytes)).toMatchObject({ width: 512, height: 512 });
    }
  });

  it('resolves every spelling of a model path, with or without a slash', async () => {
    for (const path of ['ref-sync', 'Reference/Ref-Sync', 'reference/sync', 'Ref-Sync-1']) {
      const { status, body } = await create(path, { prompt: 'x', size: '512x512' });
      expect(status, path).toBe(201);
      expect(body.model).toBe('reference/ref-sync');
    }
  });

  it('waits for an asynchronous model by default (no Prefer header)', async () => {
    const { status, body } = await create('reference/ref-async', { prompt: 'a lake' });
    expect(status).toBe(201);
    expect(body.status).toBe('succeeded');
    expect(body.output).toHaveLength(1);
    expect(body.logs).not.toBe('');
  });

  it('answers at once with 202 and a Location under Prefer: respond-async', async () => {
    const { status, headers, body } = await create(
      'ref-async',
      { prompt: 'a lake' },
      { prefer: 'respond-async' },
    );
    expect(status).toBe(202);
    expect(body.status).toBe('processing');
    expect(body.output).toBeNull();
    expect(headers.get('location')).toBe(body.urls.get);
    expect(headers.get('preference-applied')).toBe('respond-async');
    const done = await until(
      () => read(body.urls.get),
      answer => answer.body.status !== 'processing',
    );
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('succeeded');
    expect((await fetchBytes(done.body.output![0]!)).status).toBe(200);
  });

  it('gives up waiting after Prefer: wait=N and completes in the background', async () => {
    const slow = await startGatewayHarness({ simulator: { jobDurationMs: 2_500 } });
    try {
      const { status, headers, body } = await call<PredictionJson>(
        'POST',
        `${slow.url}/v1/models/ref-async/predictions`,
        { body: { input: { prompt: 'slow' } }, headers: { prefer: 'wait=1' } },
      );
      expect(status).toBe(202);
      expect(body.status).toBe('processing');
      expect(headers.get('preference-applied')).toBe('wait=1');
      expect(headers.get('location')).toBe(body.urls.get);
      const done = await until(
        () => read(body.urls.get),
        answer => answer.body.status === 'succeeded',
      );
      expect(done.body.output).toHaveLength(1);
      expect(slow.count('POST', '/v1/jobs')).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('puts data URIs in output when asked with Prefer: output=data-uri', async () => {
    const { status, headers, body } = await create(
      'ref-sync',
      { prompt: 'inline please', size: '512x512' },
      { prefer: 'wait, output=data-uri' },
    );
    expect(status).toBe(201);
    expect(headers.get('preference-applied')).toContain('output=data-uri');
    const [uri] = body.output!;
    expect(uri).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const bytes = Buffer.from(uri!.slice(uri!.indexOf(',') + 1), 'base64');
    expect(readImageMetadata(bytes)).toMatchObject({ width: 512, height: 512 });
    // A later read without the preference gets a file URL serving the same bytes.
    const later = await read(body.urls.get);
    const file = await fetchBytes(later.body.output![0]!);
    expect(Buffer.from(file.bytes).equals(bytes)).toBe(true);
    // And with it, the data URI again (encoded from the stored file).
    const again = await call<PredictionJson>('GET', body.urls.get, {
      headers: { prefer: 'output=data-uri' },
    });
    expect(again.body.output).toEqual([uri]);
  });

  it('answers a failure seen while waiting with its error, and keeps the failed prediction', async () => {
    const { status, body } = await call('POST', `${harness.url}/v1/models/ref-sync/predictions`, {
      body: { input: { prompt: 'this gets blocked', size: '512x512' } },
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('content_filtered');
    const id = body.error.details.prediction_id as string;
    const stored = await read(`${harness.url}/v1/predictions/${id}`);
    expect(stored.body).toMatchObject({
      status: 'failed',
      error_code: 'content_filtered',
      output: null,
    });
    expect(stored.body.error).toContain('blocked');
  });

  it('records a failure that happens after the answer on the prediction', async () => {
    const { status, body } = await create(
      'ref-async',
      { prompt: 'gets blocked later' },
      { prefer: 'respond-async' },
    );
    expect(status).toBe(202);
    const done = await until(
      () => read(body.urls.get),
      answer => answer.body.status !== 'processing',
    );
    expect(done.body).toMatchObject({ status: 'failed', error_code: 'content_filtered' });
  });

  it('answers 504 when the provider does not answer in time', async () => {
    const stalled = await startGatewayHarness({ reference: { timeouts: { headersMs: 200 } } });
    try {
      stalled.simulator.inject({
        match: { method: 'POST', path: '/v1/images' },
        fault: { type: 'stall', when: 'before-headers' },
      });
      const { status, body } = await call('POST', `${stalled.url}/v1/models/ref-sync/predictions`, {
        body: { input: { prompt: 'never answered', size: '512x512' } },
      });
      expect(status).toBe(504);
      expect(body.error).toMatchObject({ code: 'timeout', details: { phase: 'headers' } });
      expect(stalled.count('POST', '/v1/images')).toBe(1);
    } finally {
      await stalled.close();
    }
  });

  it('refuses a POST that is not under /predictions', async () => {
    const { status, body } = await call('POST', `${harness.url}/v1/models/ref-sync`, {
      body: { input: { prompt: 'x' } },
    });
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('GET /v1/predictions/:id', () => {
  it('answers 404 for an unknown id', async () => {
    for (const id of ['p_aaaaaaaaaaaaaaaaaaaaaaaaaa', 'nonsense', '..%2F..%2Fetc']) {
      const { status, body } = await call('GET', `${harness.url}/v1/predictions/${id}`);
      expect(status).toBe(404);
      expect(body.error.code).toBe('prediction_not_found');
    }
  });
});

describe('POST /v1/predictions/:id/cancel', () => {
  it('cancels a running job upstream and locally', async () => {
    const slow = await startGatewayHarness({ simulator: { jobDurationMs: 5_000 } });
    try {
      const created = await call<PredictionJson>(
        'POST',
        `${slow.url}/v1/models/ref-async/predictions`,
        {
          body: { input: { prompt: 'cancel me' } },
          headers: { prefer: 'respond-async' },
        },
      );
      expect(created.status).toBe(202);
      const canceled = await call<PredictionJson>('POST', created.body.urls.cancel);
      expect(canceled.status).toBe(200);
      expect(canceled.body.status).toBe('canceled');
      expect(canceled.body.completed_at).not.toBeNull();
      expect(slow.count('DELETE', /^\/v1\/jobs\/job_\d+$/)).toBe(1);
      expect([...slow.simulator.jobs.values()].every(job => job.canceled)).toBe(true);
      expect((await read(created.body.urls.get)).body.status).toBe('canceled');
    } finally {
      await slow.close();
    }
  });

  it('leaves a finished prediction as it is', async () => {
    const { body } = await create('ref-sync', { prompt: 'done', size: '512x512' });
    const canceled = await call<PredictionJson>('POST', body.urls.cancel);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('succeeded');
    expect(canceled.body.output).toEqual(body.output);
  });

  it('answers 404 for an unknown prediction', async () => {
    const { status } = await call(
      'POST',
      `${harness.url}/v1/predictions/p_bbbbbbbbbbbbbbbbbbbbbbbbbb/cancel`,
    );
    expect(status).toBe(404);
  });
});
