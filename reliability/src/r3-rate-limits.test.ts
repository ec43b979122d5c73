import { openaiTestPrompts } from '@easel/testkit/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from './support/http-client.js';
import { type OpenAIGateway, startOpenAIGateway } from './support/openai-gateway.js';
import { retriesInLogs } from './support/prediction-logs.js';
import { createUpstreamLedger, type UpstreamLedger } from './support/upstream-ledger.js';

// R3: upstream 429 with Retry-After. The provider's deadline for a call is 5 s (`timeouts.totalMs`)
// and it waits at most 10 s for a Retry-After (`retry.maxRetryAfterMs`): a 1 s penalty is waited
// out, longer ones are handed to the client as 429 with the provider's Retry-After.
const baseDelayMs = 50;
/** Date.now() and libuv's timer clock count whole milliseconds. */
const clockGranularityMs = 1;
let target: OpenAIGateway;
let ledger: UpstreamLedger;
/** `user` → Retry-After (seconds) of the 429 its first attempt gets. */
const penalties = new Map<string, number>();

beforeAll(async () => {
  target = await startOpenAIGateway({
    source: 'R3',
    provider: {
      retry: { baseDelayMs, maxDelayMs: 1_000, maxRetryAfterMs: 10_000 },
      timeouts: { totalMs: 5_000 },
    },
  });
  const faults = Object.fromEntries(
    [1, 8, 30].map(seconds => [
      `429-${seconds}`,
      {
        type: 'respond' as const,
        status: 429,
        headers: { 'retry-after': String(seconds) },
        body: {
          error: {
            message: 'Rate limit reached for images per minute.',
            type: 'requests',
            code: 'rate_limit_exceeded',
          },
        },
      },
    ]),
  );
  const seen = new Set<string>();
  ledger = createUpstreamLedger(target.simulator, {
    faults,
    schedule: request => {
      const user = (request.json() as { user?: string }).user ?? '';
      const penalty = penalties.get(user);
      if (penalty === undefined || seen.has(user)) return undefined;
      seen.add(user);
      return `429-${penalty}`;
    },
  });
});

afterAll(() => target?.close());

const input = (user: string, prompt = 'a heron in the reeds') => ({
  prompt,
  size: '1024x1024',
  quality: 'low',
  output_format: 'jpeg',
  user,
});

describe('R3: 429 with Retry-After', () => {
  it('waits out a Retry-After within the deadline, never retrying early', async () => {
    const users = Array.from({ length: 20 }, (_, index) => `r3-wait-${index}`);
    for (const user of users) penalties.set(user, 1);
    const answers = await Promise.all(
      users.map(user => target.predict<{ logs: string }>(input(user))),
    );
    for (const [index, user] of users.entries()) {
      const answer = answers[index]!;
      expect(answer.status, user).toBe(201);
      const [limited, retried, ...rest] = ledger.attemptsOf(user);
      expect(rest, user).toEqual([]);
      expect(limited?.fault, user).toBe('429-1');
      expect(retried?.fault, user).toBeUndefined();
      // The second attempt arrived at least the Retry-After after the first one arrived (the
      // 429 left the simulator after that, so this can only under-estimate the wait), give or
      // take the 1 ms granularity of Date.now() and of libuv's timer clock.
      expect(retried!.receivedAt - limited!.receivedAt, user).toBeGreaterThanOrEqual(
        1_000 - clockGranularityMs,
      );
      const [retry] = retriesInLogs(answer.body.logs);
      expect(retry?.delayMs, user).toBeGreaterThanOrEqual(1_000);
      expect(retry?.delayMs, user).toBeLessThanOrEqual(1_000 + baseDelayMs);
      expect(retry?.reason, user).toBe('HTTP 429');
    }
  });

  it.each([
    ['would pass the 5 s deadline', 8],
    ['is longer than the longest wait honoured (10 s)', 30],
  ])('passes a 429 through when its Retry-After %s', async (_, seconds) => {
    const user = `r3-pass-${seconds}`;
    penalties.set(user, seconds);
    const answer = await target.predict<ErrorBody>(input(user));
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe(String(seconds));
    expect(answer.body.error.code).toBe('rate_limited');
    expect(answer.body.error.details?.retryAfterMs).toBe(seconds * 1000);
    expect(ledger.attemptsOf(user)).toHaveLength(1);
  });

  it("passes through the simulator's own rate-limit answer (Retry-After: 12)", async () => {
    const user = 'r3-simulated';
    const answer = await target.predict<ErrorBody>(
      input(user, `a crane ${openaiTestPrompts.rateLimited}`),
    );
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('12');
    expect(answer.body.error.code).toBe('rate_limited');
    expect(ledger.attemptsOf(user)).toHaveLength(1);
  });

  it('frees the Idempotency-Key of a rate-limited request, so that a retry with it runs', async () => {
    const user = 'r3-idempotent';
    penalties.set(user, 30);
    const headers = { 'idempotency-key': 'r3-key-1' };
    const limited = await target.predict<ErrorBody>(input(user), { headers });
    expect(limited.status).toBe(429);
    const retried = await target.predict<{ status: string }>(input(user), { headers });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(ledger.attemptsOf(user).map(attempt => attempt.fault)).toEqual(['429-30', undefined]);
  });
});
