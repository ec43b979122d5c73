import { setTimeout as sleep } from 'node:timers/promises';
import { startOpenAISimulator } from '@easel/testkit/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryProviderKey } from './support/canary-keys.js';
import { type GatewayChild, startGatewayChild } from './support/gateway-child.js';
import { type ClientAnswer, createHttpClient, type ErrorBody } from './support/http-client.js';
import { createUpstreamLedger, type UpstreamLedger } from './support/upstream-ledger.js';

// R7: 200 predictions in flight, each taking about a second upstream, when the gateway process
// gets SIGTERM. Its handler calls `gateway.close({ graceMs: 15 000 })`.
const inFlight = 200;
const upstreamLatencyMs = 1_000;
const graceMs = 15_000;
/** How long the test waits for the exit at most: the grace period plus a generous margin. */
const exitBoundMs = graceMs + 15_000;

let simulator: Awaited<ReturnType<typeof startOpenAISimulator>>;
let ledger: UpstreamLedger;
let gateway: GatewayChild;
const client = createHttpClient('R7');

beforeAll(async () => {
  simulator = await startOpenAISimulator({ apiKey: canaryProviderKey });
  ledger = createUpstreamLedger(simulator);
  simulator.inject({
    match: { method: 'POST' },
    fault: { type: 'latency', ms: upstreamLatencyMs },
  });
  gateway = await startGatewayChild('R7', {
    upstream: simulator.url,
    graceMs,
    concurrency: 256,
    maxQueue: 256,
    maxConcurrency: 256,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await client.close();
  await simulator?.close();
});

type Outcome = ClientAnswer<Partial<ErrorBody>> | { error: string };

const predict = (user: string): Promise<Outcome> =>
  client
    .call<Partial<ErrorBody>>(`${gateway.url}/v1/models/openai/gpt-image-1/predictions`, {
      json: {
        input: {
          prompt: 'a lantern',
          size: '1024x1024',
          quality: 'low',
          output_format: 'jpeg',
          user,
        },
      },
    })
    .catch((error: unknown) => ({ error: (error as { code?: string }).code ?? String(error) }));

describe('R7: SIGTERM with 200 predictions in flight', () => {
  it('finishes every in-flight prediction, refuses new ones, and exits 0 within the grace period', async () => {
    const running = Array.from({ length: inFlight }, (_, index) => predict(`r7-${index}`));
    // Every one of them has reached the upstream, which holds it for a second.
    while (ledger.attempts.length < inFlight) await sleep(10);
    const signalledAt = Date.now();
    gateway.signal('SIGTERM');

    const refused: Outcome[] = [];
    while (!gateway.hasExited() && Date.now() - signalledAt < exitBoundMs) {
      refused.push(await predict(`r7-late-${refused.length}`));
      await sleep(100);
    }
    const exit = await Promise.race([gateway.exited, sleep(exitBoundMs, undefined)]);
    const outcomes = await Promise.all(running);
    const succeeded = outcomes.filter(outcome => 'status' in outcome && outcome.status === 201);
    console.info(
      `R7: ${inFlight} in flight at SIGTERM: ${succeeded.length} succeeded; ${refused.length} new requests refused ` +
        `(${[...new Set(refused.map(outcome => ('status' in outcome ? `${outcome.status} ${outcome.body.error?.code}` : outcome.error)))].join(', ')}); ` +
        `exit ${exit?.code ?? exit?.signal ?? 'none'} after ${exit ? exit.at - signalledAt : '>'} ms`,
    );
    expect(succeeded).toHaveLength(inFlight);
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) {
      if ('error' in outcome)
        expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']).toContain(outcome.error);
      else {
        expect(outcome.status).toBe(503);
        expect(outcome.body.error?.code).toBe('shutting_down');
        expect(outcome.headers['retry-after']).toBeDefined();
      }
    }
    // Nothing new reached the upstream after the signal.
    expect(ledger.attempts).toHaveLength(inFlight);
    expect(exit).toBeDefined();
    expect(exit?.code).toBe(0);
    expect(exit!.at - signalledAt).toBeLessThan(exitBoundMs);
  });
});
