import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from './support/http-client.js';
import { type OpenAIGateway, startOpenAIGateway } from './support/openai-gateway.js';
import { createUpstreamLedger, type UpstreamLedger } from './support/upstream-ledger.js';

// R5: the upstream hangs before sending headers, or stalls halfway through the body. The provider
// gives up after 1 s without headers or 1 s without a body chunk (undici checks both on a coarse,
// about one-second timer).
const stalledRequests = 8;
let target: OpenAIGateway;
let ledger: UpstreamLedger;
let dispatcher: Agent;

beforeAll(async () => {
  dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 });
  target = await startOpenAIGateway({
    source: 'R5',
    provider: { dispatcher, timeouts: { headersMs: 1_000, bodyMs: 1_000 } },
    // Sixteen timeouts in a row would (rightly) open the breaker; R4 covers that.
    gateway: { breaker: false },
  });
  ledger = createUpstreamLedger(target.simulator, {
    faults: {
      hang: { type: 'stall', when: 'before-headers' },
      stall: { type: 'stall', when: 'mid-response-body' },
    },
    schedule: request =>
      /^r5-(hang|stall)-/.exec((request.json() as { user?: string }).user ?? '')?.[1],
  });
});

afterAll(async () => {
  await target?.close();
  await dispatcher?.close();
});

const input = (user: string) => ({
  prompt: 'a moth at the window',
  size: '1024x1024',
  quality: 'low',
  output_format: 'jpeg',
  user,
});

/** Sockets the provider's pool holds to the simulator, seen from both ends. */
function socketCounts() {
  const pool = Object.values(dispatcher.stats)[0] as
    | { connected: number; running: number }
    | undefined;
  return {
    simulator: target.simulator.connections(),
    pool: pool?.connected ?? 0,
    running: pool?.running ?? 0,
  };
}

/** Polls until `done` holds (or `limitMs` passed); returns the last value. */
async function settle<T>(read: () => T, done: (value: T) => boolean, limitMs = 10_000): Promise<T> {
  const until = Date.now() + limitMs;
  let value = read();
  while (!done(value) && Date.now() < until) {
    await sleep(50);
    value = read();
  }
  return value;
}

describe('R5: upstream hangs and stalls', () => {
  it('answers 504 for each, and releases every pooled socket', async () => {
    // Warm the pool: one kept-alive socket is the baseline.
    expect((await target.predict(input('r5-warm'))).status).toBe(201);
    const baseline = await settle(socketCounts, counts => counts.running === 0);
    const users = Array.from({ length: stalledRequests }, (_, index) => [
      `r5-hang-${index}`,
      `r5-stall-${index}`,
    ]).flat();
    const answers = await Promise.all(users.map(user => target.predict<ErrorBody>(input(user))));
    for (const [index, user] of users.entries()) {
      const answer = answers[index]!;
      expect(answer.status, user).toBe(504);
      expect(answer.body.error.code, user).toBe('timeout');
      expect(answer.body.error.details?.phase, user).toBe(
        user.includes('hang') ? 'headers' : 'body',
      );
      expect(answer.body.error.details?.prediction_id, user).toMatch(/^p_/);
      // A timeout after the request was sent is ambiguous: never resubmitted.
      expect(ledger.attemptsOf(user), user).toHaveLength(1);
    }
    const after = await settle(
      socketCounts,
      counts =>
        counts.simulator <= baseline.simulator &&
        counts.pool <= baseline.pool &&
        counts.running === 0,
    );
    console.info(
      `R5: ${users.length} stalled requests → 504; sockets before ${JSON.stringify(baseline)}, after ${JSON.stringify(after)}`,
    );
    expect(after.running).toBe(0);
    expect(after.pool).toBeLessThanOrEqual(baseline.pool);
    expect(after.simulator).toBeLessThanOrEqual(baseline.simulator);
  });

  it('keeps serving afterwards, and records the predictions as failed with a timeout', async () => {
    expect((await target.predict(input('r5-after'))).status).toBe(201);
    const hung = await target.predict<ErrorBody>(input('r5-hang-late'));
    const id = hung.body.error.details?.prediction_id as string;
    const read = await target.client.call<{ status: string; error_code: string }>(
      `${target.url}/v1/predictions/${id}`,
    );
    expect(read.body).toMatchObject({ status: 'failed', error_code: 'timeout' });
  });
});
