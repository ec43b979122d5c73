import Replicate, { validateWebhook } from 'replicate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../__fixtures__/gateway-harness.js';
import { call, until } from '../__fixtures__/http-client.js';
import { startWebhookReceiver, type WebhookReceiver } from '../__fixtures__/webhook-receiver.js';
import { generateWebhookSecret, verifyWebhook } from '../webhooks/index.js';
import type { PredictionJson } from './prediction-view.js';

const secret = generateWebhookSecret();
let receiver: WebhookReceiver;
let harness: GatewayHarness;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  harness = await startGatewayHarness({
    gateway: { webhooks: { secret, trustedHosts: [receiver.url] } },
    simulator: { jobDurationMs: 1_200 },
  });
});
afterAll(async () => {
  await harness.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.answers = [];
});

interface ReceivedEvent {
  readonly body: PredictionJson;
  readonly raw: string;
  readonly headers: Record<string, string>;
}

function eventsOf(id: string): ReceivedEvent[] {
  return receiver.received
    .filter(hook => (JSON.parse(hook.body) as PredictionJson).id === id)
    .map(hook => ({
      body: JSON.parse(hook.body) as PredictionJson,
      raw: hook.body,
      headers: hook.headers as Record<string, string>,
    }));
}

async function create(body: Record<string, unknown>, prefer = 'respond-async') {
  return call<PredictionJson>('POST', `${harness.url}/v1/models/${body.model}/predictions`, {
    body: { input: body.input, webhook: body.webhook, webhook_events_filter: body.filter },
    headers: { prefer },
  });
}

describe('webhooks', () => {
  it('sends start, logs, output and completed by default, signed like Replicate', async () => {
    const { status, body } = await create({
      model: 'ref-async',
      input: { prompt: 'hooked' },
      webhook: `${receiver.url}/hooks/all?token=abc`,
    });
    expect(status).toBe(202);
    const events = await until(
      async () => eventsOf(body.id),
      list => list.some(event => event.body.status === 'succeeded'),
    );
    const statuses = events.map(event => event.body.status);
    expect(statuses[0]).toBe('processing');
    expect(statuses.at(-1)).toBe('succeeded');
    expect(events.some(event => event.body.logs !== '' && event.body.status === 'processing')).toBe(
      true,
    );
    const last = events.at(-1)!;
    expect(last.body.output).toHaveLength(1);
    expect(last.body.output![0]).toMatch(/\/v1\/files\/f_/);
    for (const event of events) {
      expect(verifyWebhook(secret, event.headers, event.raw)).toBe(true);
      expect(verifyWebhook(secret, event.headers, `${event.raw} `)).toBe(false);
      expect(
        await validateWebhook(
          {
            id: event.headers['webhook-id']!,
            timestamp: event.headers['webhook-timestamp']!,
            signature: event.headers['webhook-signature']!,
            body: event.raw,
            secret,
          },
          crypto,
        ),
      ).toBe(true);
    }
    const deliveries = await until(
      () =>
        call<{ data: Array<{ outcome: string; type: string; origin?: string }> }>(
          'GET',
          `${harness.url}/v1/predictions/${body.id}/webhooks`,
        ),
      answer => answer.body.data.some(entry => entry.type === 'completed'),
    );
    // A queued logs or output event may be superseded by a newer one (each carries the whole
    // prediction); start and completed are always delivered.
    const outcomes = deliveries.body.data.map(entry => `${entry.type}:${entry.outcome}`);
    expect(outcomes).toEqual(expect.arrayContaining(['start:delivered', 'completed:delivered']));
    expect(
      deliveries.body.data.every(entry => ['delivered', 'superseded'].includes(entry.outcome)),
    ).toBe(true);
    expect(JSON.stringify(deliveries.body)).not.toContain('token=abc');
  });

  it('honours webhook_events_filter', async () => {
    const { body } = await create(
      {
        model: 'ref-sync',
        input: { prompt: 'only the end', size: '512x512' },
        webhook: `${receiver.url}/hooks/filtered`,
        filter: ['completed'],
      },
      'wait',
    );
    expect(body.status).toBe('succeeded');
    const events = await until(
      async () => eventsOf(body.id),
      list => list.length > 0,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.body).toMatchObject({ id: body.id, status: 'succeeded' });
  });

  it('retries a failed delivery with the same webhook-id', async () => {
    receiver.answers = [503];
    const { body } = await create(
      {
        model: 'ref-sync',
        input: { prompt: 'retry the hook', size: '512x512' },
        webhook: `${receiver.url}/hooks/retried`,
        filter: ['completed'],
      },
      'wait',
    );
    const events = await until(
      async () => eventsOf(body.id),
      list => list.length >= 2,
      15_000,
    );
    expect(events[0]!.headers['webhook-id']).toBe(events[1]!.headers['webhook-id']);
    expect(events.every(event => verifyWebhook(secret, event.headers, event.raw))).toBe(true);
    const log = await until(
      () =>
        call<{ data: Array<{ outcome: string }> }>(
          'GET',
          `${harness.url}/v1/predictions/${body.id}/webhooks`,
        ),
      answer => answer.body.data.some(entry => entry.outcome === 'delivered'),
    );
    expect(log.body.data.map(entry => entry.outcome)).toEqual(['retrying', 'delivered']);
  });

  it('refuses a webhook URL the gateway would not call', async () => {
    for (const webhook of [
      'http://example.com/hook',
      'https://127.0.0.1:9/hook',
      'ftp://x/y',
      'not a url',
    ]) {
      const { status, body } = await call('POST', `${harness.url}/v1/models/ref-sync/predictions`, {
        body: { input: { prompt: 'x', size: '512x512' }, webhook },
      });
      expect(status, webhook).toBe(400);
      expect(body.error.details.issues).toEqual([expect.objectContaining({ path: ['webhook'] })]);
    }
  });

  it('serves the signing secret to clients at /v1/webhooks/default/secret', async () => {
    const replicate = new Replicate({ auth: 'unused', baseUrl: `${harness.url}/v1` });
    expect(await replicate.webhooks.default.secret.get()).toEqual({ key: secret });
  });
});
