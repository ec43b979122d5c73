import type { HostResolver } from '@easel/core';
import { validateWebhook } from 'replicate';
import { afterEach, describe, expect, it } from 'vitest';
import {
  gate,
  type ReceiverHandler,
  startWebhookReceiver,
  until,
  type WebhookReceiver,
} from './__fixtures__/webhook-receiver.js';
import type { WebhookDeliveryRecord } from './webhook-delivery-record.js';
import type { WebhookEvent } from './webhook-event.js';
import { WebhookSender, type WebhookSenderOptions } from './webhook-sender.js';
import { generateWebhookSecret, verifyWebhook } from './webhook-signature.js';

const secret = generateWebhookSecret();
const receivers: WebhookReceiver[] = [];
const senders: WebhookSender[] = [];

afterEach(async () => {
  await Promise.all(senders.splice(0).map(sender => sender.close()));
  await Promise.all(receivers.splice(0).map(receiver => receiver.close()));
});

async function receiver(handler?: ReceiverHandler): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(handler);
  receivers.push(started);
  return started;
}

function sender(options: Partial<WebhookSenderOptions> = {}) {
  const records: WebhookDeliveryRecord[] = [];
  const created = new WebhookSender({
    secret,
    baseDelayMs: 1,
    maxDelayMs: 5,
    random: () => 0,
    onDelivery: record => records.push(record),
    ...options,
  });
  senders.push(created);
  return { sender: created, records };
}

function event(
  url: string,
  type: WebhookEvent['type'],
  body: string,
  predictionId = 'p1',
): WebhookEvent {
  return { predictionId, type, url, body };
}

const summary = (records: WebhookDeliveryRecord[]) =>
  records.map(({ type, attempt, outcome }) => `${type}#${attempt}:${outcome}`);

describe('WebhookSender signing', () => {
  it('signs each delivery so that verifyWebhook and the Replicate client accept it', async () => {
    const target = await receiver();
    const { sender: webhooks, records } = sender({ trustedHosts: [target.origin] });
    const body = JSON.stringify({
      id: 'p1',
      status: 'succeeded',
      output: ['https://x.test/1.png'],
    });
    webhooks.send(event(`${target.origin}/hook?token=abc`, 'completed', body));
    expect(webhooks.pending).toBe(1);
    await webhooks.drain(10_000);
    expect(webhooks.pending).toBe(0);
    const [received] = target.received;
    expect(received?.body).toBe(body);
    expect(received?.path).toBe('/hook?token=abc');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['user-agent']).toMatch(/^easel\/gateway\//);
    expect(verifyWebhook(secret, received?.headers ?? {}, body)).toBe(true);
    await expect(
      validateWebhook({
        id: received?.headers['webhook-id'] ?? '',
        timestamp: received?.headers['webhook-timestamp'] ?? '',
        signature: received?.headers['webhook-signature'] ?? '',
        body,
        secret,
      }),
    ).resolves.toBe(true);
    expect(records).toEqual([
      expect.objectContaining({
        predictionId: 'p1',
        type: 'completed',
        webhookId: received?.headers['webhook-id'],
        attempt: 1,
        outcome: 'delivered',
        status: 200,
        origin: target.origin,
      }),
    ]);
  });
});

describe('WebhookSender retries', () => {
  it('retries a 503 with full-jitter exponential backoff, keeping the webhook-id', async () => {
    const target = await receiver((_request, index) => ({ status: index < 2 ? 503 : 200 }));
    const { sender: webhooks, records } = sender({
      trustedHosts: [target.origin],
      baseDelayMs: 20,
      maxDelayMs: 1_000,
      random: () => 0.5,
    });
    webhooks.send(event(`${target.origin}/hook`, 'completed', '{"status":"succeeded"}'));
    await webhooks.drain(10_000);
    expect(records.map(({ outcome, status, delayMs }) => ({ outcome, status, delayMs }))).toEqual([
      { outcome: 'retrying', status: 503, delayMs: 10 },
      { outcome: 'retrying', status: 503, delayMs: 20 },
      { outcome: 'delivered', status: 200, delayMs: undefined },
    ]);
    const ids = new Set(target.received.map(request => request.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const request of target.received) {
      expect(verifyWebhook(secret, request.headers, request.body)).toBe(true);
    }
  });

  it('honours Retry-After, capped at maxDelayMs', async () => {
    const target = await receiver((_request, index) =>
      index === 0
        ? { status: 503, headers: { 'retry-after': '0.02' } }
        : index === 1
          ? { status: 429, headers: { 'retry-after': '120' } }
          : { status: 200 },
    );
    const { sender: webhooks, records } = sender({ trustedHosts: [target.origin], maxDelayMs: 30 });
    webhooks.send(event(`${target.origin}/hook`, 'completed', '{}'));
    await webhooks.drain(10_000);
    expect(records.map(record => [record.outcome, record.status, record.delayMs])).toEqual([
      ['retrying', 503, 20],
      ['retrying', 429, 30],
      ['delivered', 200, undefined],
    ]);
  });

  it.each([400, 401, 404, 410, 422, 301])('gives up at once on HTTP %i', async status => {
    const target = await receiver(() => ({ status, headers: { location: '/elsewhere' } }));
    const { sender: webhooks, records } = sender({ trustedHosts: [target.origin] });
    webhooks.send(event(`${target.origin}/hook`, 'completed', '{}'));
    await webhooks.drain(10_000);
    expect(target.received).toHaveLength(1);
    expect(records).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', status, reason: `HTTP ${status}` }),
    ]);
  });

  it('retries 408 and stops after maxAttempts', async () => {
    const target = await receiver(() => ({ status: 408 }));
    const { sender: webhooks, records } = sender({ trustedHosts: [target.origin], maxAttempts: 3 });
    webhooks.send(event(`${target.origin}/hook`, 'completed', '{}'));
    await webhooks.drain(10_000);
    expect(target.received).toHaveLength(3);
    expect(summary(records)).toEqual([
      'completed#1:retrying',
      'completed#2:retrying',
      'completed#3:failed',
    ]);
  });

  it('retries after a timeout', async () => {
    const target = await receiver((_request, index) => (index === 0 ? 'hang' : { status: 200 }));
    const { sender: webhooks, records } = sender({ trustedHosts: [target.origin], timeoutMs: 200 });
    webhooks.send(event(`${target.origin}/hook`, 'completed', '{}'));
    await webhooks.drain(10_000);
    expect(records.map(record => [record.outcome, record.reason])).toEqual([
      ['retrying', 'timeout'],
      ['delivered', undefined],
    ]);
  });

  it('retries a refused connection', async () => {
    const closed = await receiver();
    await closed.close();
    const { sender: webhooks, records } = sender({ trustedHosts: [closed.origin], maxAttempts: 2 });
    webhooks.send(event(`${closed.origin}/hook`, 'completed', '{}'));
    await webhooks.drain(10_000);
    expect(records.map(record => [record.outcome, record.reason])).toEqual([
      ['retrying', 'ECONNREFUSED'],
      ['failed', 'ECONNREFUSED'],
    ]);
  });
});

describe('WebhookSender ordering', () => {
  it('delivers one prediction in order; a newer event replaces queued progress events', async () => {
    const held = gate();
    const target = await receiver(async (_request, index) => {
      if (index === 0) await held.opened;
      return { status: 200 };
    });
    const { sender: webhooks, records } = sender({ trustedHosts: [target.origin] });
    const url = `${target.origin}/hook`;
    webhooks.send(event(url, 'start', 'start'));
    webhooks.send(event(url, 'output', 'output-1'));
    await until(() => target.received.length === 1);
    webhooks.send(event(url, 'logs', 'logs-2'));
    webhooks.send(event(url, 'output', 'output-3'));
    webhooks.send(event(url, 'completed', 'completed'));
    expect(webhooks.pending).toBe(2);
    held.open();
    await webhooks.drain(10_000);
    expect(target.received.map(request => request.body)).toEqual(['start', 'completed']);
    expect(summary(records)).toEqual([
      'output#0:superseded',
      'logs#0:superseded',
      'output#0:superseded',
      'start#1:delivered',
      'completed#1:delivered',
    ]);
  });

  it('delivers start and a progress event sent together, both in order', async () => {
    const target = await receiver();
    const { sender: webhooks } = sender({ trustedHosts: [target.origin] });
    webhooks.send(event(`${target.origin}/hook`, 'start', 'start'));
    webhooks.send(event(`${target.origin}/hook`, 'output', 'output'));
    await webhooks.drain(10_000);
    expect(target.received.map(request => request.body)).toEqual(['start', 'output']);
  });

  it('keeps predictions independent: one slow receiver does not hold the others', async () => {
    const held = gate();
    const target = await receiver(async request => {
      if (request.body === 'A:start') await held.opened;
      return { status: 200 };
    });
    const { sender: webhooks } = sender({ trustedHosts: [target.origin] });
    const url = `${target.origin}/hook`;
    webhooks.send(event(url, 'start', 'A:start', 'A'));
    webhooks.send(event(url, 'completed', 'A:completed', 'A'));
    webhooks.send(event(url, 'start', 'B:start', 'B'));
    webhooks.send(event(url, 'completed', 'B:completed', 'B'));
    await until(() => target.received.length === 3);
    const bodies = target.received.map(request => request.body);
    expect(bodies).toContain('A:start');
    expect(bodies.indexOf('B:start')).toBeLessThan(bodies.indexOf('B:completed'));
    expect(bodies).not.toContain('A:completed');
    held.open();
    await webhooks.drain(10_000);
    expect(target.received.map(request => request.body).at(-1)).toBe('A:completed');
  });

  it('abandons the retries of a non-terminal event once a newer event is queued', async () => {
    const target = await receiver(request => ({ status: request.body === 'start' ? 503 : 200 }));
    const { sender: webhooks, records } = sender({
      trustedHosts: [target.origin],
      baseDelayMs: 600_000,
      maxDelayMs: 600_000,
      random: () => 0.99,
    });
    webhooks.send(event(`${target.origin}/hook`, 'start', 'start'));
    await until(() => records.length === 1);
    webhooks.send(event(`${target.origin}/hook`, 'completed', 'completed'));
    await webhooks.drain(10_000);
    expect(summary(records)).toEqual([
      'start#1:retrying',
      'start#1:superseded',
      'completed#1:delivered',
    ]);
  });
});

describe('WebhookSender SSRF guard', () => {
  const resolveTo =
    (address: string): HostResolver =>
    async hostname => {
      if (hostname !== 'hooks.example') throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
      return [{ address, family: 4 }];
    };
  const loopbackResolver = resolveTo('127.0.0.1');

  it('never connects to a name that resolves to loopback, unless it is trusted', async () => {
    const target = await receiver();
    const guarded = sender({ resolve: loopbackResolver });
    guarded.sender.send(event(`https://hooks.example:${target.port}/hook`, 'completed', '{}'));
    await guarded.sender.drain(10_000);
    expect(guarded.records).toEqual([expect.objectContaining({ attempt: 1, outcome: 'refused' })]);
    expect(guarded.records[0]?.reason).toContain('loopback');
    expect(target.connections()).toBe(0);

    const trusting = sender({ resolve: loopbackResolver, trustedHosts: ['hooks.example'] });
    trusting.sender.send(event(`http://hooks.example:${target.port}/hook`, 'completed', '{}'));
    await trusting.sender.drain(10_000);
    expect(summary(trusting.records)).toEqual(['completed#1:delivered']);
    expect(target.connections()).toBe(1);
  });

  it('refuses a name that resolves to a private address', async () => {
    const { sender: webhooks, records } = sender({ resolve: resolveTo('10.0.0.1') });
    webhooks.send(event('https://hooks.example/hook', 'completed', '{}'));
    await webhooks.drain(10_000);
    expect(records).toEqual([expect.objectContaining({ outcome: 'refused', attempt: 1 })]);
    expect(records[0]?.reason).toContain('private (10.0.0.0/8)');
  });

  it('refuses private literals and plain http before connecting', async () => {
    const target = await receiver();
    const { sender: webhooks, records } = sender({ resolve: loopbackResolver });
    webhooks.send(event(`https://127.0.0.1:${target.port}/hook`, 'completed', '{}', 'a'));
    webhooks.send(event(`http://hooks.example:${target.port}/hook`, 'completed', '{}', 'b'));
    webhooks.send(event(`https://localhost:${target.port}/hook`, 'completed', '{}', 'c'));
    await webhooks.drain(10_000);
    expect(records.map(record => [record.predictionId, record.attempt, record.outcome])).toEqual([
      ['a', 0, 'refused'],
      ['b', 0, 'refused'],
      ['c', 0, 'refused'],
    ]);
    expect(target.connections()).toBe(0);
  });
});

describe('WebhookSender lifecycle', () => {
  it('drain waits for every queued delivery', async () => {
    const held = gate();
    const target = await receiver(async () => {
      await held.opened;
      return { status: 200 };
    });
    const { sender: webhooks } = sender({ trustedHosts: [target.origin] });
    webhooks.send(event(`${target.origin}/hook`, 'completed', 'A', 'A'));
    webhooks.send(event(`${target.origin}/hook`, 'completed', 'B', 'B'));
    let drained = false;
    const draining = webhooks.drain(60_000).then(() => {
      drained = true;
    });
    await until(() => target.received.length === 2);
    expect(drained).toBe(false);
    held.open();
    await draining;
    expect(webhooks.pending).toBe(0);
  });

  it('drain gives up at its deadline; close then drops what is left', async () => {
    const target = await receiver(() => 'hang');
    const { sender: webhooks, records } = sender({
      trustedHosts: [target.origin],
      timeoutMs: 60_000,
    });
    webhooks.send(event(`${target.origin}/hook`, 'completed', '{}'));
    await webhooks.drain(20);
    expect(webhooks.pending).toBe(1);
    await webhooks.close();
    expect(webhooks.pending).toBe(0);
    expect(records).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'dropped', reason: 'sender closed' }),
    ]);
  });

  it('after close, send reports the event as dropped and never throws', async () => {
    const { sender: webhooks, records } = sender();
    await webhooks.close();
    expect(() =>
      webhooks.send(event('https://hooks.example/hook', 'completed', '{}')),
    ).not.toThrow();
    expect(summary(records)).toEqual(['completed#0:dropped']);
    await webhooks.close();
  });

  it('drops new non-terminal events beyond maxPending but always takes completed', async () => {
    const held = gate();
    const target = await receiver(async () => {
      await held.opened;
      return { status: 200 };
    });
    const { sender: webhooks, records } = sender({ trustedHosts: [target.origin], maxPending: 1 });
    webhooks.send(event(`${target.origin}/hook`, 'start', 'A:start', 'A'));
    webhooks.send(event(`${target.origin}/hook`, 'start', 'B:start', 'B'));
    webhooks.send(event(`${target.origin}/hook`, 'completed', 'B:completed', 'B'));
    expect(webhooks.pending).toBe(2);
    held.open();
    await webhooks.drain(10_000);
    expect(records[0]).toMatchObject({ predictionId: 'B', type: 'start', outcome: 'dropped' });
    expect(target.received.map(request => request.body).sort()).toEqual(['A:start', 'B:completed']);
  });

  it('keeps delivering when onDelivery throws', async () => {
    const target = await receiver();
    const { sender: webhooks } = sender({
      trustedHosts: [target.origin],
      onDelivery: () => {
        throw new Error('observer bug');
      },
    });
    webhooks.send(event(`${target.origin}/hook`, 'start', 'start'));
    webhooks.send(event(`${target.origin}/hook`, 'completed', 'completed'));
    await webhooks.drain(10_000);
    expect(target.received.map(request => request.body)).toEqual(['start', 'completed']);
  });

  it('refuses a malformed secret at construction', () => {
    expect(() => new WebhookSender({ secret: 'whsec_%%%' })).toThrow(TypeError);
  });
});
