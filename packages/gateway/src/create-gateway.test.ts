import { createEasel } from '@easel/core';
import { createReference } from '@easel/testkit/reference';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type GatewayHarness,
  referenceApiKey,
  startGatewayHarness,
} from './__fixtures__/gateway-harness.js';
import { call, type ErrorBody, until } from './__fixtures__/http-client.js';
import { captureLogs } from './__fixtures__/log-capture.js';
import { openaiApiKey, startOpenAIGatewayHarness } from './__fixtures__/openai-setup.js';
import { startWebhookReceiver } from './__fixtures__/webhook-receiver.js';
import { createGateway } from './create-gateway.js';
import { GatewayConfigError } from './gateway-config-error.js';
import type { PredictionJson } from './predictions/prediction-view.js';
import { createMemoryStore, type GatewayStore } from './store/index.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function harnessWith(
  options: Parameters<typeof startGatewayHarness>[0],
): Promise<GatewayHarness> {
  const harness = await startGatewayHarness(options);
  cleanups.push(() => harness.close());
  return harness;
}

const predict = (
  harness: GatewayHarness,
  model: string,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  call<PredictionJson>('POST', `${harness.url}/v1/models/${model}/predictions`, {
    body: { input },
    headers,
  });

const predictError = (
  harness: GatewayHarness,
  model: string,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  call<ErrorBody>('POST', `${harness.url}/v1/models/${model}/predictions`, {
    body: { input },
    headers,
  });

describe('graceful close', () => {
  it('refuses new requests, finishes in-flight predictions, delivers their webhooks, then closes', async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const store = createMemoryStore();
    cleanups.push(() => store.close());
    const harness = await harnessWith({
      simulator: { jobDurationMs: 600 },
      gateway: { store, webhooks: { trustedHosts: [receiver.url] } },
    });
    const started = await Promise.all(
      [1, 2, 3].map(index =>
        call<PredictionJson>('POST', `${harness.url}/v1/models/ref-async/predictions`, {
          body: {
            input: { prompt: `in flight ${index}` },
            webhook: `${receiver.url}/done`,
            webhook_events_filter: ['completed'],
          },
          headers: { prefer: 'respond-async' },
        }),
      ),
    );
    expect(started.map(answer => answer.status)).toEqual([202, 202, 202]);
    const waiting = predict(harness, 'ref-async', { prompt: 'waiting client' });
    await until(
      () => call<{ predictions_in_flight: number }>('GET', `${harness.url}/healthz`),
      answer => answer.body.predictions_in_flight === 4,
    );
    const closed = harness.gateway.close({ graceMs: 10_000 });
    const refused = await call('GET', `${harness.url}/v1/models`);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('shutting_down');
    expect(refused.headers.get('connection')).toBe('close');
    await closed;
    expect((await waiting).body.status).toBe('succeeded');
    for (const { body } of started) {
      const stored = JSON.parse(String(await store.get('predictions', body.id))) as {
        status: string;
      };
      expect(stored.status).toBe('succeeded');
    }
    const completedIds = receiver.received.map(
      hook => (JSON.parse(hook.body) as PredictionJson).id,
    );
    expect(completedIds.sort()).toEqual(started.map(answer => answer.body.id).sort());
    expect(harness.gateway.app.server.listening).toBe(false);
  });

  it('records predictions still running after graceMs as failed', async () => {
    const store = createMemoryStore();
    cleanups.push(() => store.close());
    const harness = await harnessWith({ simulator: { jobDurationMs: 30_000 }, gateway: { store } });
    const { body } = await predict(
      harness,
      'ref-async',
      { prompt: 'too slow' },
      { prefer: 'respond-async' },
    );
    await harness.gateway.close({ graceMs: 50 });
    const stored = JSON.parse(String(await store.get('predictions', body.id))) as {
      status: string;
      failure: { code: string; status: number; headers: Record<string, string> };
    };
    expect(stored).toMatchObject({
      status: 'failed',
      // Answered, to a request still waiting on it, like every refusal during shutdown.
      failure: { code: 'shutting_down', status: 503, headers: { 'retry-after': '1' } },
    });
  });
});

/** A memory store that lists the status of every prediction record written, per id. */
function storeWithWriteLog() {
  const store = createMemoryStore();
  const writes = new Map<string, string[]>();
  const logged: GatewayStore = {
    get: (namespace, key) => store.get(namespace, key),
    set: (namespace, key, value, options) => {
      if (namespace === 'predictions') {
        const { status } = JSON.parse(Buffer.from(value as Uint8Array).toString('utf8'));
        writes.set(key, [...(writes.get(key) ?? []), status]);
      }
      return store.set(namespace, key, value, options);
    },
    setIfAbsent: (namespace, key, value, options) =>
      store.setIfAbsent(namespace, key, value, options),
    delete: (namespace, key) => store.delete(namespace, key),
    close: () => store.close(),
  };
  cleanups.push(() => store.close());
  return { store: logged, writes };
}

describe('storing predictions', () => {
  it('stores a waited-for synchronous prediction once, when it completes', async () => {
    const { store, writes } = storeWithWriteLog();
    const harness = await harnessWith({ gateway: { store } });
    const waited = await predict(harness, 'ref-sync', { prompt: 'once', size: '512x512' });
    expect(waited.status).toBe(201);
    expect(writes.get(waited.body.id)).toEqual(['succeeded']);
    // With an Idempotency-Key (a replay may ask for it at any time) it is stored at start too.
    const keyed = await predict(
      harness,
      'ref-sync',
      { prompt: 'keyed', size: '512x512' },
      { 'idempotency-key': 'store-twice-1' },
    );
    expect(keyed.status).toBe(201);
    expect(writes.get(keyed.body.id)).toEqual(['processing', 'succeeded']);
  });

  it('stores it before answering when the wait ends first', async () => {
    const { store, writes } = storeWithWriteLog();
    const slowAgent = new Agent().compose(dispatch => (options, handler) => {
      setTimeout(() => dispatch(options, handler), 1_500);
      return true;
    });
    cleanups.push(() => slowAgent.close());
    const harness = await harnessWith({ gateway: { store }, reference: { dispatcher: slowAgent } });
    const { status, body } = await predict(
      harness,
      'ref-sync',
      { prompt: 'slow', size: '512x512' },
      { prefer: 'wait=1' },
    );
    expect(status).toBe(202);
    expect(writes.get(body.id)).toEqual(['processing']);
    const stored = JSON.parse(String(await store.get('predictions', body.id))) as {
      status: string;
    };
    expect(stored.status).toBe('processing');
    const done = await until(
      () => call<PredictionJson>('GET', body.urls.get),
      answer => answer.body.status === 'succeeded',
    );
    expect(done.body.output).toHaveLength(1);
    expect(writes.get(body.id)).toEqual(['processing', 'succeeded']);
  });
});

describe('load shedding and the circuit breaker', () => {
  it('sheds with 503 and Retry-After when the provider queue is full', async () => {
    const harness = await harnessWith({
      simulator: { jobDurationMs: 2_000 },
      gateway: { limits: { providers: { reference: { concurrency: 1, maxQueue: 0 } } } },
    });
    const first = await predict(
      harness,
      'ref-async',
      { prompt: 'holds the slot' },
      { prefer: 'respond-async' },
    );
    expect(first.status).toBe(202);
    const shed = await predictError(
      harness,
      'ref-async',
      { prompt: 'no room' },
      { prefer: 'respond-async' },
    );
    expect(shed.status).toBe(503);
    expect(shed.body.error.code).toBe('overloaded');
    expect(shed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(harness.count('POST', '/v1/jobs')).toBe(1);
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toContain('easel_shed_total{provider="reference",reason="queue_full"} 1');
  });

  it('fails fast while the breaker is open, without calling the provider', async () => {
    const harness = await harnessWith({
      gateway: { breaker: { minimumRequests: 2, failureRateThreshold: 0.5, openMs: 60_000 } },
    });
    harness.simulator.inject({
      match: { method: 'POST', path: '/v1/images' },
      fault: { type: 'respond', status: 500, body: { error: { code: 'down', message: 'down' } } },
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await predict(harness, 'ref-sync', { prompt: 'x', size: '512x512' })).status).toBe(
        502,
      );
    }
    const before = harness.count('POST', '/v1/images');
    const open = await predictError(harness, 'ref-sync', { prompt: 'x', size: '512x512' });
    expect(open.status).toBe(503);
    expect(open.body.error.code).toBe('provider_unavailable');
    expect(Number(open.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(harness.count('POST', '/v1/images')).toBe(before);
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toContain('easel_breaker_state{provider="reference"} 2');
  });
});

describe('metrics', () => {
  it('exposes the gateway metrics in Prometheus text', async () => {
    const harness = await harnessWith({});
    await predict(harness, 'ref-sync', { prompt: 'count me', size: '512x512', n: 2 });
    await predict(harness, 'ref-sync', { prompt: 'blocked', size: '512x512' });
    const response = await fetch(`${harness.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain(
      'easel_http_requests_total{method="POST",route="/v1/models/*",status="201"} 1',
    );
    expect(text).toContain(
      'easel_http_requests_total{method="POST",route="/v1/models/*",status="422"} 1',
    );
    expect(text).toContain(
      'easel_predictions_total{provider="reference",model="reference/ref-sync",status="succeeded"} 1',
    );
    expect(text).toContain(
      'easel_predictions_total{provider="reference",model="reference/ref-sync",status="failed"} 1',
    );
    expect(text).toContain('easel_images_total{provider="reference"} 2');
    expect(text).toMatch(/easel_image_bytes_total\{provider="reference"\} [1-9]\d*/);
    expect(text).toContain('easel_upstream_attempts_total{provider="reference"} 2');
    expect(text).toContain('easel_inflight_predictions{provider="reference"} 0');
    expect(text).toMatch(
      /easel_prediction_duration_seconds_count\{provider="reference",model="reference\/ref-sync"\} 2/,
    );
    expect(text).toContain('# TYPE easel_http_request_duration_seconds histogram');
    expect(text).toContain('easel_queue_depth{provider="reference"} 0');
  });
});

describe('secrets', () => {
  it('never shows a provider key or a gateway key in answers, logs or metrics', async () => {
    const gatewayKey = 'gw-canary-key-4d2c8e1f9a7b';
    const logs = captureLogs();
    const harness = await startOpenAIGatewayHarness({
      gateway: { apiKeys: [gatewayKey], logger: logs.logger },
    });
    cleanups.push(() => harness.close());
    const auth = { authorization: `Bearer ${gatewayKey}` };
    harness.simulator.inject({
      match: { method: 'POST', path: '/v1/images' },
      times: 1,
      fault: {
        type: 'respond',
        status: 500,
        body: {
          error: {
            code: 'leak',
            message: `upstream echoed key ${referenceApiKey} and Bearer ${referenceApiKey}`,
          },
        },
      },
    });
    harness.openaiSimulator.inject({
      match: { method: 'POST' },
      times: 1,
      fault: {
        type: 'respond',
        status: 401,
        body: {
          error: {
            message: `Incorrect API key provided: ${openaiApiKey}`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        },
      },
    });
    const answers: string[] = [];
    const record = async (answer: Promise<{ body: unknown; headers: Headers }>) => {
      const { body, headers } = await answer;
      answers.push(JSON.stringify(body), JSON.stringify([...headers]));
    };
    await record(
      call('POST', `${harness.url}/v1/models/ref-sync/predictions`, {
        body: { input: { prompt: 'leak?', size: '512x512' } },
        headers: auth,
      }),
    );
    await record(
      call('POST', `${harness.url}/v1/images/generations`, {
        body: { model: 'gpt-image-1', prompt: 'leak?' },
        headers: auth,
      }),
    );
    await record(
      call('POST', `${harness.url}/v1/models/ref-sync/predictions`, {
        body: { input: { prompt: 'fine', size: '512x512' } },
        headers: auth,
      }),
    );
    await record(
      call('POST', `${harness.url}/v1/models/ref-sync/predictions`, {
        body: { input: { prompt: gatewayKey } },
        headers: { authorization: 'Bearer wrong-key-000000000' },
      }),
    );
    await record(call('GET', `${harness.url}/v1/models`, { headers: auth }));
    const metrics = await (await fetch(`${harness.url}/metrics`, { headers: auth })).text();
    expect(answers.join('\n')).toContain('[REDACTED]');
    expect(logs.lines.length).toBeGreaterThan(5);
    for (const text of [answers.join('\n'), logs.lines.join('\n'), metrics]) {
      expect(text).not.toContain(referenceApiKey);
      expect(text).not.toContain(openaiApiKey);
      expect(text).not.toContain(gatewayKey);
    }
  });
});

describe('options and wiring', () => {
  it('warns at start when no gateway key is configured', async () => {
    const logs = captureLogs();
    await harnessWith({ gateway: { logger: logs.logger } });
    expect(
      logs
        .entries()
        .some(entry => entry.level === 40 && String(entry.msg).includes('no gateway API keys')),
    ).toBe(true);
  });

  it('logs one line per request with the request id', async () => {
    const logs = captureLogs();
    const harness = await harnessWith({ gateway: { logger: logs.logger } });
    await call('GET', `${harness.url}/healthz`, { headers: { 'x-request-id': 'trace-logged-1' } });
    const line = logs.entries().find(entry => entry.requestId === 'trace-logged-1');
    expect(line).toMatchObject({ msg: 'request completed', route: '/healthz', status: 200 });
  });

  it('lets callers add routes that the gateway key does not guard', async () => {
    const easel = createEasel({ providers: [createReference({ apiKey: referenceApiKey })] });
    const gateway = await createGateway({
      easel,
      logger: false,
      apiKeys: ['gw-own-routes-0123456789'],
    });
    gateway.app.get('/', async () => ({ playground: true }));
    const url = await gateway.listen({ port: 0 });
    cleanups.push(() => gateway.close({ graceMs: 0 }));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/`)).json()).toEqual({ playground: true });
    expect((await fetch(`${url}/v1/models`)).status).toBe(401);
  });

  it('answers CORS preflights for allowlisted origins only', async () => {
    const harness = await harnessWith({ gateway: { corsOrigins: ['https://app.example.com'] } });
    const preflight = (origin: string) =>
      fetch(`${harness.url}/v1/models/ref-sync/predictions`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, prefer, idempotency-key',
        },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'idempotency-key',
    );
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${harness.url}/healthz`, {
      headers: { origin: 'https://app.example.com' },
    });
    expect(simple.headers.get('access-control-expose-headers')?.toLowerCase()).toContain(
      'retry-after',
    );
  });

  it('sends no CORS headers without corsOrigins', async () => {
    const harness = await harnessWith({});
    const response = await fetch(`${harness.url}/healthz`, {
      headers: { origin: 'https://app.example.com' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each([
    [{ publicUrl: 'not a url' }, 'publicUrl'],
    [{ apiKeys: ['short'] }, 'apiKeys'],
    [{ limits: { bodyBytes: -1 } }, 'limits.bodyBytes'],
    [{ limits: { fileTtlMs: 0 } }, 'limits.fileTtlMs'],
    [{ webhooks: { secret: 'not-a-secret' } }, 'webhooks.secret'],
    [{ webhooks: { trustedHosts: ['hooks.example.com:8080'] } }, 'webhooks.trustedHosts'],
  ])(
    'refuses invalid options %j with a GatewayConfigError naming the setting',
    async (options, setting) => {
      const easel = createEasel({ providers: [createReference()] });
      const error = await createGateway({ easel, logger: false, ...options }).catch(
        (caught: unknown) => caught,
      );
      expect(GatewayConfigError.isInstance(error)).toBe(true);
      expect((error as GatewayConfigError).setting).toBe(setting);
      expect((error as Error).message).toContain(setting);
    },
  );
});
