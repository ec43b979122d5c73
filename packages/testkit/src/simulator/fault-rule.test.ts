import { describe, expect, it, vi } from 'vitest';
import { type Fault, type FaultRule, FaultRuleSet } from './fault-rule.js';
import { createSeededRandom } from './seeded-random.js';
import { createSimulatorRequest, type SimulatorRequestHead } from './simulator-request.js';

const generations: SimulatorRequestHead = {
  method: 'POST',
  path: '/v1/images/generations',
  query: new URLSearchParams(),
  headers: { 'content-type': 'application/json' },
};
const models: SimulatorRequestHead = { ...generations, method: 'GET', path: '/v1/models' };
const unavailable: Fault = { type: 'respond', status: 503 };
const limited: Fault = { type: 'respond', status: 429 };

function loaderFor(head: SimulatorRequestHead, body: unknown) {
  return vi.fn(async () =>
    createSimulatorRequest({
      ...head,
      id: 1,
      receivedAt: 0,
      body: Buffer.from(JSON.stringify(body)),
    }),
  );
}

function select(rules: FaultRuleSet, head: SimulatorRequestHead) {
  return rules.select(head, loaderFor(head, {}));
}

describe('FaultRuleSet', () => {
  it('matches method case-insensitively, exact paths and path patterns', async () => {
    const rules = new FaultRuleSet(createSeededRandom(1));
    rules.add({ match: { method: 'get', path: /^\/v1\/mod/g }, fault: limited });
    rules.add({ match: { path: '/v1/images/generations' }, fault: unavailable });

    expect(await select(rules, models)).toBe(limited);
    expect(await select(rules, models)).toBe(limited);
    expect(await select(rules, generations)).toBe(unavailable);
    expect(await select(rules, { ...generations, path: '/v1/images/generations/x' })).toBe(
      undefined,
    );
  });

  it('lets the first matching rule win', async () => {
    const rules = new FaultRuleSet(createSeededRandom(1));
    rules.add({ match: { method: 'POST' }, fault: limited });
    rules.add({ fault: unavailable });

    expect(await select(rules, generations)).toBe(limited);
    expect(await select(rules, models)).toBe(unavailable);
  });

  it('reads the body only for a `when` predicate, which sees the whole request', async () => {
    const rules = new FaultRuleSet(createSeededRandom(1));
    rules.add({ match: { path: '/v1/models' }, fault: limited });
    rules.add({
      match: { when: request => request.json<{ model: string }>().model === 'dall-e-3' },
      fault: unavailable,
    });

    const modelsLoader = loaderFor(models, {});
    expect(await rules.select(models, modelsLoader)).toBe(limited);
    expect(modelsLoader).not.toHaveBeenCalled();

    const dalle = loaderFor(generations, { model: 'dall-e-3' });
    expect(await rules.select(generations, dalle)).toBe(unavailable);
    expect(dalle).toHaveBeenCalled();
    expect(await rules.select(generations, loaderFor(generations, { model: 'gpt-image-1' }))).toBe(
      undefined,
    );
  });

  it('expires a rule after `times` matching requests, letting later rules apply', async () => {
    const rules = new FaultRuleSet(createSeededRandom(1));
    rules.add({ times: 2, fault: limited });
    rules.add({ match: { method: 'POST' }, times: 1, fault: unavailable });

    const outcomes = [];
    for (let index = 0; index < 4; index += 1) outcomes.push(await select(rules, generations));
    expect(outcomes).toEqual([limited, limited, unavailable, undefined]);
  });

  it('removes a rule with the function `add` returned, and all rules with `clear`', async () => {
    const rules = new FaultRuleSet(createSeededRandom(1));
    const remove = rules.add({ fault: limited });
    rules.add({ match: { method: 'GET' }, fault: unavailable });

    remove();
    remove();
    expect(await select(rules, generations)).toBe(undefined);
    expect(await select(rules, models)).toBe(unavailable);
    rules.clear();
    expect(await select(rules, models)).toBe(undefined);
  });

  it('hits about `probability` of matching requests, identically for the same seed', async () => {
    async function run(seed: number): Promise<boolean[]> {
      const rules = new FaultRuleSet(createSeededRandom(seed));
      rules.add({ match: { method: 'POST' }, probability: 0.3, fault: unavailable });
      const hits: boolean[] = [];
      for (let index = 0; index < 1000; index += 1) {
        hits.push((await select(rules, generations)) !== undefined);
      }
      return hits;
    }

    const first = await run(1234);
    const hitCount = first.filter(Boolean).length;
    expect(hitCount).toBeGreaterThanOrEqual(250);
    expect(hitCount).toBeLessThanOrEqual(350);
    expect(await run(1234)).toEqual(first);
    expect(await run(4321)).not.toEqual(first);
  });

  it('draws only for requests the rule matches, so other traffic does not shift the pattern', async () => {
    async function run(withOtherTraffic: boolean): Promise<boolean[]> {
      const rules = new FaultRuleSet(createSeededRandom(9));
      rules.add({ match: { method: 'POST' }, probability: 0.5, fault: unavailable });
      const hits: boolean[] = [];
      for (let index = 0; index < 50; index += 1) {
        if (withOtherTraffic) await select(rules, models);
        hits.push((await select(rules, generations)) !== undefined);
      }
      return hits;
    }
    expect(await run(true)).toEqual(await run(false));
  });

  it('counts `times` only when the probability draw hits', async () => {
    const rules = new FaultRuleSet(createSeededRandom(5));
    rules.add({ probability: 0.5, times: 3, fault: unavailable });
    let hits = 0;
    for (let index = 0; index < 100; index += 1) {
      if ((await select(rules, generations)) !== undefined) hits += 1;
    }
    expect(hits).toBe(3);
  });

  it.each<[string, FaultRule, RegExp]>([
    ['times 0', { times: 0, fault: limited }, /times must be a positive integer, got 0/],
    ['times 1.5', { times: 1.5, fault: limited }, /times must be a positive integer/],
    ['probability 2', { probability: 2, fault: limited }, /probability must be between 0 and 1/],
    ['negative latency', { fault: { type: 'latency', ms: -1 } }, /latency ms must be/],
    ['status 42', { fault: { type: 'respond', status: 42 } }, /status must be an integer/],
    [
      'unknown reset',
      { fault: { type: 'reset', when: 'later' } as unknown as Fault },
      /unknown reset moment "later"/,
    ],
    [
      'unknown stall',
      { fault: { type: 'stall', when: 'forever' } as unknown as Fault },
      /unknown stall moment "forever"/,
    ],
    ['unknown type', { fault: { type: 'explode' } as unknown as Fault }, /unknown fault/],
  ])('rejects a rule with %s', (_label, rule, message) => {
    const rules = new FaultRuleSet(createSeededRandom(1));
    expect(() => rules.add(rule)).toThrow(message);
  });
});
