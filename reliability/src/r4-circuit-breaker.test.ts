import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientAnswer, ErrorBody } from './support/http-client.js';
import { type OpenAIGateway, startOpenAIGateway } from './support/openai-gateway.js';
import { createUpstreamLedger, type UpstreamLedger } from './support/upstream-ledger.js';

// R4: OpenAI answers 500 to everything for a while, then recovers. The breaker opens at a 50 %
// failure rate over ≥ 5 calls and stays open 400 ms before letting one probe through.
const breaker = {
  failureRateThreshold: 0.5,
  minimumRequests: 5,
  windowMs: 10_000,
  openMs: 400,
  halfOpenProbes: 1,
};
const pauseMs = 20;

let target: OpenAIGateway;
let ledger: UpstreamLedger;
let sequence = 0;

beforeAll(async () => {
  target = await startOpenAIGateway({ source: 'R4', gateway: { breaker } });
  ledger = createUpstreamLedger(target.simulator, {
    faults: {
      down: {
        type: 'respond',
        status: 500,
        body: {
          error: {
            message: 'The server had an error while processing your request.',
            type: 'server_error',
          },
        },
      },
    },
    schedule: () => 'down',
  });
});

afterAll(() => target?.close());

interface Sent {
  readonly user: string;
  readonly answer: ClientAnswer<Partial<ErrorBody>>;
}

async function send(): Promise<Sent> {
  const user = `r4-${sequence++}`;
  const answer = await target.predict<Partial<ErrorBody>>({
    prompt: 'a kingfisher',
    size: '1024x1024',
    quality: 'low',
    output_format: 'jpeg',
    user,
  });
  return { user, answer };
}

const pause = () => new Promise(resolve => setTimeout(resolve, pauseMs));
const isFastFail = ({ answer }: Sent) =>
  answer.status === 503 && answer.body.error?.code === 'provider_unavailable';

describe('R4: a provider 100 % down, then back', () => {
  const opening: Sent[] = [];
  const open: Sent[] = [];

  it('opens after the minimum number of failed calls', async () => {
    for (let index = 0; index < breaker.minimumRequests + 1; index += 1) opening.push(await send());
    expect(opening.slice(0, -1).map(sent => sent.answer.status)).toEqual([502, 502, 502, 502, 502]);
    expect(isFastFail(opening.at(-1)!)).toBe(true);
    expect(ledger.attempts).toHaveLength(breaker.minimumRequests);
  });

  it('fast-fails with 503 + Retry-After while open, and lets one probe through per openMs', async () => {
    const upstreamBefore = ledger.attempts.length;
    // Until two probes have failed (each re-opens the breaker).
    while (open.filter(sent => !isFastFail(sent)).length < 2 && open.length < 2_000) {
      open.push(await send());
      await pause();
    }
    const probes = open.filter(sent => !isFastFail(sent));
    const fastFails = open.filter(isFastFail);
    console.info(
      `R4: ${open.length} requests while open: ${fastFails.length} fast-failed, ${probes.length} probes`,
    );
    expect(probes).toHaveLength(2);
    for (const probe of probes) expect(probe.answer.status).toBe(502);
    for (const { answer } of fastFails) {
      const seconds = Number(answer.headers['retry-after']);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(Math.ceil(breaker.openMs / 1000));
      expect(answer.body.error?.details?.provider).toBe('openai');
    }
    // Upstream saw exactly the probes, each at least openMs after the breaker (re-)opened.
    const upstream = ledger.attempts.slice(upstreamBefore);
    expect(upstream.map(attempt => attempt.user)).toEqual(probes.map(probe => probe.user));
    const openedAt = [ledger.attempts[upstreamBefore - 1]!, ...upstream];
    for (let index = 1; index < openedAt.length; index += 1) {
      // Give or take the 1 ms granularity of Date.now() (the simulator's clock).
      expect(openedAt[index]!.receivedAt - openedAt[index - 1]!.receivedAt).toBeGreaterThanOrEqual(
        breaker.openMs - 1,
      );
    }
  });

  it('closes once a probe succeeds after recovery', async () => {
    ledger.setSchedule(undefined);
    const recovering: Sent[] = [];
    while (!recovering.some(sent => sent.answer.status === 201) && recovering.length < 2_000) {
      recovering.push(await send());
      await pause();
    }
    expect(recovering.slice(0, -1).every(isFastFail)).toBe(true);
    const after: Sent[] = [];
    for (let index = 0; index < 20; index += 1) after.push(await send());
    expect(after.map(sent => sent.answer.status)).toEqual(Array(20).fill(201));
    const metrics = await target.metrics();
    expect(metrics).toMatch(/easel_breaker_state\{provider="openai"\} 0/);
    const shed = /easel_shed_total\{provider="openai",reason="breaker_open"\} (\d+)/.exec(metrics);
    const fastFails = [...opening, ...open, ...recovering].filter(isFastFail).length;
    expect(Number(shed?.[1])).toBe(fastFails);
  });
});
