import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../__fixtures__/gateway-harness.js';
import { call } from '../__fixtures__/http-client.js';
import type { PredictionJson } from './prediction-view.js';

const keys = ['gw-alice-0123456789abcdef', 'gw-bob-0123456789abcdef'];
let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness({
    gateway: { apiKeys: keys },
    simulator: { jobDurationMs: 400 },
  });
});
afterAll(() => harness.close());
afterEach(() => harness.simulator.clearFaults());

function create(
  model: string,
  input: Record<string, unknown>,
  idempotencyKey: string,
  options: { apiKey?: string; prefer?: string } = {},
) {
  return call<PredictionJson>('POST', `${harness.url}/v1/models/${model}/predictions`, {
    body: { input },
    headers: {
      authorization: `Bearer ${options.apiKey ?? keys[0]}`,
      'idempotency-key': idempotencyKey,
      ...(options.prefer ? { prefer: options.prefer } : {}),
    },
  });
}

const generations = () => harness.count('POST', '/v1/images');

describe('Idempotency-Key', () => {
  it('returns the same prediction for the same key and body, with one upstream generation', async () => {
    const before = generations();
    const first = await create('ref-sync', { prompt: 'once', size: '512x512' }, 'key-same-1');
    const second = await create('ref-sync', { prompt: 'once', size: '512x512' }, 'key-same-1');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.output).toEqual(first.body.output);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(generations() - before).toBe(1);
  });

  it('starts one generation for concurrent requests with one key', async () => {
    const before = harness.count('POST', '/v1/jobs');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        create('ref-async', { prompt: 'concurrent' }, 'key-concurrent', {
          prefer: 'respond-async',
        }),
      ),
    );
    const ids = new Set(answers.map(answer => answer.body.id));
    expect(
      answers.map(answer => answer.status).every(status => status === 202 || status === 201),
    ).toBe(true);
    expect(ids.size).toBe(1);
    expect(harness.count('POST', '/v1/jobs') - before).toBe(1);
  });

  it('waits on the original prediction when the replay asks to wait', async () => {
    const first = await create('ref-async', { prompt: 'replay waits' }, 'key-replay-wait', {
      prefer: 'respond-async',
    });
    expect(first.status).toBe(202);
    const replay = await create('ref-async', { prompt: 'replay waits' }, 'key-replay-wait');
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ id: first.body.id, status: 'succeeded' });
  });

  it('answers 409 when the key comes back with another body or model', async () => {
    const before = generations();
    await create('ref-sync', { prompt: 'original', size: '512x512' }, 'key-conflict');
    const otherBody = await create(
      'ref-sync',
      { prompt: 'changed', size: '512x512' },
      'key-conflict',
    );
    expect(otherBody.status).toBe(409);
    expect(otherBody.body).toMatchObject({
      error: { code: 'idempotency_key_reused', details: { header: 'idempotency-key' } },
    });
    const otherModel = await create(
      'ref-async',
      { prompt: 'original', size: '512x512' },
      'key-conflict',
    );
    expect(otherModel.status).toBe(409);
    expect(generations() - before).toBe(1);
  });

  it('keeps the keys of different gateway keys apart', async () => {
    const alice = await create('ref-sync', { prompt: 'mine', size: '512x512' }, 'key-shared');
    const bob = await create('ref-sync', { prompt: 'mine', size: '512x512' }, 'key-shared', {
      apiKey: keys[1],
    });
    expect(alice.status).toBe(201);
    expect(bob.status).toBe(201);
    expect(bob.body.id).not.toBe(alice.body.id);
  });

  it('frees the key when nothing was generated (rate limited), so a retry runs', async () => {
    harness.simulator.inject({
      match: { method: 'POST', path: '/v1/images' },
      times: 10,
      fault: {
        type: 'respond',
        status: 429,
        headers: { 'retry-after': '0' },
        body: { error: { code: 'rate_limited', message: 'slow down' } },
      },
    });
    const limited = await create('ref-sync', { prompt: 'limited', size: '512x512' }, 'key-429');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    harness.simulator.clearFaults();
    const retried = await create('ref-sync', { prompt: 'limited', size: '512x512' }, 'key-429');
    expect(retried.status).toBe(201);
    expect(retried.body.id).not.toBe(
      (limited.body as unknown as { error: { details: { prediction_id: string } } }).error.details
        .prediction_id,
    );
  });

  it('keeps the key on a failure that may have been billed, and never resubmits', async () => {
    harness.simulator.inject({
      match: { method: 'POST', path: '/v1/images' },
      times: 1,
      fault: {
        type: 'respond',
        status: 500,
        body: { error: { code: 'boom', message: 'upstream broke' } },
      },
    });
    const before = generations();
    const first = await create('ref-sync', { prompt: 'ambiguous', size: '512x512' }, 'key-500');
    expect(first.status).toBe(502);
    const again = await create('ref-sync', { prompt: 'ambiguous', size: '512x512' }, 'key-500');
    expect(again.status).toBe(502);
    const firstId = (first.body as unknown as { error: { details: { prediction_id: string } } })
      .error.details.prediction_id;
    const againId = (again.body as unknown as { error: { details: { prediction_id: string } } })
      .error.details.prediction_id;
    expect(againId).toBe(firstId);
    expect(generations() - before).toBe(1);
    const stored = await call<PredictionJson>('GET', `${harness.url}/v1/predictions/${firstId}`, {
      headers: { authorization: `Bearer ${keys[0]}` },
    });
    expect(stored.body).toMatchObject({ status: 'failed', error_code: 'provider_error' });
  });

  it('refuses a malformed key', async () => {
    const { status, body } = await call('POST', `${harness.url}/v1/models/ref-sync/predictions`, {
      body: { input: { prompt: 'x' } },
      headers: { authorization: `Bearer ${keys[0]}`, 'idempotency-key': 'x'.repeat(256) },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_idempotency_key');
  });
});
