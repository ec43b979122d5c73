import { startOpenAISimulator } from '@easel/testkit/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryProviderKey } from './support/canary-keys.js';
import { type GatewayChild, startGatewayChild } from './support/gateway-child.js';
import { type ClientAnswer, createHttpClient, type ErrorBody } from './support/http-client.js';
import { record } from './support/transcript.js';
import { createUpstreamLedger, type UpstreamLedger } from './support/upstream-ledger.js';

// R6: OpenAI takes 300 ms per image; the gateway (its own process) runs 4 at once and lets 4
// wait, so 8 requests in flight saturate it. 16 clients in a closed loop (each sends its next
// request as soon as it has an answer, ignoring Retry-After) load it at twice that.
const concurrency = 4;
const maxQueue = 4;
const clients = 2 * (concurrency + maxQueue);
const totalRequests = 480;
const MiB = 1024 * 1024;

let simulator: Awaited<ReturnType<typeof startOpenAISimulator>>;
let ledger: UpstreamLedger;
let gateway: GatewayChild;
const client = createHttpClient('R6');
const answers: ClientAnswer<Partial<ErrorBody>>[] = [];
const failures: unknown[] = [];

beforeAll(async () => {
  simulator = await startOpenAISimulator({ apiKey: canaryProviderKey });
  // The ledger first: its rule counts every request, then lets the latency rule apply.
  ledger = createUpstreamLedger(simulator);
  simulator.inject({ match: { method: 'POST' }, fault: { type: 'latency', ms: 300 } });
  gateway = await startGatewayChild('R6', {
    upstream: simulator.url,
    graceMs: 1_000,
    concurrency,
    maxQueue,
    maxConcurrency: 64,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await client.close();
  await simulator?.close();
});

describe('R6: overload at twice the saturation point', () => {
  it('sheds the excess with 503 + Retry-After, and serves the rest', async () => {
    let sent = 0;
    let peakRss = 0;
    const sampler = setInterval(() => {
      gateway.stats().then(
        stats => {
          peakRss = Math.max(peakRss, stats.rss);
        },
        () => undefined,
      );
    }, 250);
    await Promise.all(
      Array.from({ length: clients }, async (_, lane) => {
        while (sent < totalRequests) {
          const index = sent++;
          try {
            answers.push(
              await client.call(`${gateway.url}/v1/models/openai/gpt-image-1/predictions`, {
                json: {
                  input: {
                    prompt: 'a swift over the sea',
                    size: '1024x1024',
                    quality: 'low',
                    output_format: 'jpeg',
                    user: `r6-${lane}-${index}`,
                  },
                },
              }),
            );
          } catch (error) {
            failures.push(error);
          }
        }
      }),
    );
    clearInterval(sampler);
    const served = answers.filter(answer => answer.status === 201);
    const shed = answers.filter(answer => answer.status === 503);
    const stats = await gateway.stats();
    console.info(
      `R6: ${totalRequests} requests from ${clients} clients: ${served.length} served, ${shed.length} shed, ` +
        `${failures.length} connection failures; RSS ${(stats.rss / MiB).toFixed(0)} MiB (peak sampled ` +
        `${(peakRss / MiB).toFixed(0)}, high-water mark ${(stats.peakRss / MiB).toFixed(0)} MiB)`,
    );
    expect(failures).toEqual([]);
    expect(answers).toHaveLength(totalRequests);
    expect(served.length + shed.length).toBe(totalRequests);
    expect(served.length).toBeGreaterThan(0);
    expect(shed.length).toBeGreaterThan(0);
    for (const answer of shed) {
      expect(answer.body.error?.code).toBe('overloaded');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // Nothing is sent upstream for a shed request.
    expect(ledger.attempts).toHaveLength(served.length);
    expect(stats.rss).toBeLessThan(512 * MiB);
    expect(stats.peakRss).toBeLessThan(512 * MiB);
  });

  it('is still up and healthy afterwards', async () => {
    const health = await client.call<{ status: string }>(`${gateway.url}/healthz`, {
      authorized: false,
    });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(gateway.hasExited()).toBe(false);
    const metrics = await client.call(`${gateway.url}/metrics`);
    record('metrics', 'R6', metrics.text);
    expect(metrics.text).toMatch(/easel_shed_total\{provider="openai",reason="queue_full"\} [1-9]/);
  });
});
