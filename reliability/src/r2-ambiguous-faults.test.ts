import { createSeededRandom } from '@easel/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientAnswer, ErrorBody } from './support/http-client.js';
import { type OpenAIGateway, startOpenAIGateway } from './support/openai-gateway.js';
import { createUpstreamLedger, type UpstreamLedger } from './support/upstream-ledger.js';

// R2: 5 % of upstream attempts fail ambiguously (the provider may have done, and billed, the
// work): the connection is reset after the whole request was received and handled, or the answer
// is a 500 or a 504. Every request carries an Idempotency-Key. Requests go one at a time with a
// seeded schedule, so the same attempts are hit in every run.
const requests = 1_000;
const ambiguousShare = 0.05;
const kinds = ['reset-after-body', 'internal-error', 'gateway-timeout'] as const;

type Prediction = { id: string; status: string };
type Answer = ClientAnswer<Partial<Prediction> & Partial<ErrorBody>>;

let target: OpenAIGateway;
let ledger: UpstreamLedger;
const first = new Map<string, Answer>();

const inputOf = (user: string) => ({
  prompt: 'a fox in the snow',
  size: '1024x1024',
  quality: 'low',
  output_format: 'jpeg',
  user,
});
const keyOf = (user: string) => `idem-${user}`;
const predictionIdOf = (answer: Answer) =>
  answer.body.id ?? (answer.body.error?.details?.prediction_id as string | undefined);

beforeAll(async () => {
  const draws = createSeededRandom(801);
  target = await startOpenAIGateway({
    source: 'R2',
    provider: { retry: { baseDelayMs: 10, maxDelayMs: 100 } },
  });
  const error = (status: number, message: string) => ({
    type: 'respond' as const,
    status,
    body: { error: { message, type: 'server_error', param: null, code: null } },
  });
  ledger = createUpstreamLedger(target.simulator, {
    faults: {
      'reset-after-body': { type: 'reset', when: 'after-request-body' },
      'internal-error': error(500, 'The server had an error while processing your request.'),
      'gateway-timeout': error(504, 'Gateway timeout.'),
    },
    schedule: () => {
      if (draws() >= ambiguousShare) return undefined;
      return kinds[Math.floor(draws() * kinds.length)];
    },
  });
  for (let index = 0; index < requests; index += 1) {
    const user = `r2-${index}`;
    first.set(
      user,
      await target.predict(inputOf(user), { headers: { 'idempotency-key': keyOf(user) } }),
    );
  }
}, 180_000);

afterAll(() => target?.close());

describe('R2: 5 % ambiguous upstream faults, with Idempotency-Key', () => {
  it('loses no request: each gets one terminal answer, a success or a typed 502/504 with ids', () => {
    let failed = 0;
    for (const [user, answer] of first) {
      expect(answer.headers['x-request-id'], user).toMatch(/^req_/);
      if (answer.status === 201) {
        expect(answer.body.status, user).toBe('succeeded');
        continue;
      }
      failed += 1;
      expect([502, 504], user).toContain(answer.status);
      expect(['provider_error', 'timeout'], user).toContain(answer.body.error?.code);
      expect(predictionIdOf(answer), user).toMatch(/^p_/);
    }
    const faulted = ledger.attempts.filter(attempt => attempt.fault !== undefined);
    const byKind = kinds.map(
      kind => `${faulted.filter(attempt => attempt.fault === kind).length} ${kind}`,
    );
    console.info(
      `R2: ${requests} requests, ${faulted.length} ambiguous faults (${byKind.join(', ')}), ${failed} typed failures, 0 lost`,
    );
    // Nothing ambiguous is retried, so each fault is exactly one failed request.
    expect(failed).toBe(faulted.length);
  });

  it('sends each request upstream exactly once: no duplicate billed generation', () => {
    const perUser = new Map<string, number>();
    for (const attempt of ledger.attempts)
      perUser.set(attempt.user!, (perUser.get(attempt.user!) ?? 0) + 1);
    expect(perUser.size).toBe(requests);
    expect(Math.max(...perUser.values())).toBe(1);
  });

  it('answers a replay of the same key with the same prediction, without calling upstream', async () => {
    const upstreamBefore = ledger.attempts.length;
    for (const [user, original] of first) {
      const replay: Answer = await target.predict(inputOf(user), {
        headers: { 'idempotency-key': keyOf(user) },
      });
      expect(replay.status, user).toBe(original.status);
      expect(predictionIdOf(replay), user).toBe(predictionIdOf(original));
      if (original.status === 201) expect(replay.headers['idempotent-replayed'], user).toBe('true');
      else expect(replay.body.error?.code, user).toBe(original.body.error?.code);
    }
    expect(ledger.attempts.length).toBe(upstreamBefore);
  });

  it('starts one generation when the same key races in three concurrent requests', async () => {
    const upstreamBefore = ledger.attempts.length;
    ledger.setSchedule(undefined);
    const users = Array.from({ length: 50 }, (_, index) => `r2-race-${index}`);
    const answers = await Promise.all(
      users.flatMap(user =>
        [0, 1, 2].map(() =>
          target.predict<Prediction>(inputOf(user), {
            headers: { 'idempotency-key': keyOf(user) },
          }),
        ),
      ),
    );
    for (const [index, user] of users.entries()) {
      const trio = answers.slice(index * 3, index * 3 + 3);
      expect(
        trio.map(answer => answer.status),
        user,
      ).toEqual([201, 201, 201]);
      expect(new Set(trio.map(answer => answer.body.id)).size, user).toBe(1);
      expect(ledger.attemptsOf(user)).toHaveLength(1);
    }
    expect(ledger.attempts.length - upstreamBefore).toBe(users.length);
  });
});
