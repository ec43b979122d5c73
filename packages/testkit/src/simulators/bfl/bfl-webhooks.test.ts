import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  download,
  poll,
  pollUntilDone,
  submit,
  useBflSimulator,
} from './__fixtures__/bfl-client.js';
import { bflTestPrompts } from './bfl-test-prompts.js';
import {
  bflWebhookSignature,
  bflWebhookSignatureHeader,
  isLoopbackWebhookUrl,
} from './bfl-webhooks.js';

interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A loopback webhook receiver that records what it gets and waits for it. */
function useReceiver() {
  let server: Server | undefined;
  let url = '';
  const received: ReceivedWebhook[] = [];
  const waiting = new Map<string, (webhook: ReceivedWebhook) => void>();
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', chunk => chunks.push(chunk as Buffer));
      request.on('end', () => {
        const webhook = {
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        received.push(webhook);
        waiting.get(webhook.path)?.(webhook);
        response.end('ok');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise(resolve => server?.close(resolve));
  });
  return {
    url: () => url,
    received,
    next: (path: string) =>
      new Promise<ReceivedWebhook>(resolve => {
        waiting.set(path, resolve);
      }),
  };
}

describe('webhooks', () => {
  const simulator = useBflSimulator();
  const receiver = useReceiver();

  it('answers AsyncWebhookResponse and POSTs the signed final result to a loopback URL', async () => {
    const arrival = receiver.next('/hooks/one');
    const webhookUrl = `${receiver.url()}/hooks/one`;
    const submitted = await submit<Record<string, unknown>>(simulator(), 'flux-kontext-pro', {
      prompt: 'a lighthouse',
      webhook_url: webhookUrl,
      webhook_secret: 'whsec-test',
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({
      id: expect.any(String),
      status: 'Pending',
      webhook_url: webhookUrl,
      cost: 4,
      input_mp: 0,
      output_mp: 1.05,
    });

    const webhook = await arrival;
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(webhook.headers[bflWebhookSignatureHeader]).toBe(
      bflWebhookSignature('whsec-test', webhook.body),
    );
    expect(webhook.headers['x-key']).toBeUndefined();
    const body = JSON.parse(webhook.body) as {
      id: string;
      status: string;
      result: { sample: string };
    };
    expect(body).toMatchObject({ id: submitted.body.id, status: 'Ready' });
    expect((await download(body.result.sample)).metadata?.mediaType).toBe('image/png');

    const polled = await poll(`${simulator().url}/v1/get_result?id=${body.id}`);
    expect(polled.body).toEqual(body);
  });

  it('sends unsigned webhooks without a secret, for failed jobs too', async () => {
    const arrival = receiver.next('/hooks/two');
    await submit(simulator(), 'flux-2-pro', {
      prompt: `a fox ${bflTestPrompts.error}`,
      webhook_url: `${receiver.url()}/hooks/two`,
    });
    const webhook = await arrival;
    expect(webhook.headers[bflWebhookSignatureHeader]).toBeUndefined();
    expect(JSON.parse(webhook.body)).toMatchObject({ status: 'Error', result: null });
  });

  it('never calls a URL off the machine, but still runs the job', async () => {
    const submitted = await submit<{ id: string }>(simulator(), 'flux-dev', {
      prompt: 'a',
      webhook_url: 'https://hooks.example.com/bfl',
    });
    expect(submitted.status).toBe(200);
    const done = await pollUntilDone(`${simulator().url}/v1/get_result?id=${submitted.body.id}`);
    expect(done.status).toBe('Ready');
    expect(receiver.received.map(webhook => webhook.path)).toEqual(['/hooks/one', '/hooks/two']);
  });
});

describe('isLoopbackWebhookUrl', () => {
  it('allows plain http on loopback hosts only', () => {
    expect(isLoopbackWebhookUrl('http://127.0.0.1:8080/hook')).toBe(true);
    expect(isLoopbackWebhookUrl('http://127.1.2.3/hook')).toBe(true);
    expect(isLoopbackWebhookUrl('http://localhost:3000/hook')).toBe(true);
    expect(isLoopbackWebhookUrl('http://[::1]:3000/hook')).toBe(true);
    expect(isLoopbackWebhookUrl('https://127.0.0.1/hook')).toBe(false);
    expect(isLoopbackWebhookUrl('http://10.0.0.1/hook')).toBe(false);
    expect(isLoopbackWebhookUrl('http://localhost.example.com/hook')).toBe(false);
    expect(isLoopbackWebhookUrl('http://127.0.0.1.example.com/hook')).toBe(false);
    expect(isLoopbackWebhookUrl('not a url')).toBe(false);
  });
});
