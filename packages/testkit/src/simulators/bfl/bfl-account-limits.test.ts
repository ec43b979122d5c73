import { describe, expect, it } from 'vitest';
import { pollUntilDone, submit, useBflSimulator } from './__fixtures__/bfl-client.js';
import { bflTestPrompts } from './bfl-test-prompts.js';

const otherKey = 'bfl-other-key';

describe('active-task limits', () => {
  const simulator = useBflSimulator({
    apiKey: undefined,
    jobDurationMs: 60_000,
    activeTaskLimit: 3,
    kontextMaxActiveTaskLimit: 2,
  });

  it('answers 429 past the active tasks of a key, and counts each key apart', async () => {
    for (let index = 0; index < 3; index += 1) {
      const accepted = await submit(simulator(), 'flux-dev', { prompt: `task ${index}` });
      expect(accepted.status).toBe(200);
    }
    const refused = await submit(simulator(), 'flux-2-pro', { prompt: 'one too many' });
    expect(refused).toMatchObject({
      status: 429,
      body: {
        detail: expect.stringMatching(
          /^You have reached the maximum number of active tasks \(3\)\./,
        ),
      },
    });
    const otherAccount = await submit(
      simulator(),
      'flux-dev',
      { prompt: 'mine' },
      { 'x-key': otherKey },
    );
    expect(otherAccount.status).toBe(200);
    expect(simulator().jobs.size).toBe(4);
  });

  it('holds flux-kontext-max to its own, lower limit', async () => {
    const key = { 'x-key': 'bfl-kontext-max-key' };
    for (const prompt of ['first', 'second']) {
      expect((await submit(simulator(), 'flux-kontext-max', { prompt }, key)).status).toBe(200);
    }
    const refused = await submit(simulator(), 'flux-kontext-max', { prompt: 'third' }, key);
    expect(refused).toMatchObject({
      status: 429,
      body: { detail: expect.stringContaining('for flux-kontext-max (2)') },
    });
    const otherModel = await submit(simulator(), 'flux-kontext-pro', { prompt: 'third' }, key);
    expect(otherModel.status).toBe(200);
  });

  it('does not count input-moderated jobs, which end at once', async () => {
    const key = { 'x-key': 'bfl-moderated-key' };
    for (let index = 0; index < 5; index += 1) {
      const answer = await submit(
        simulator(),
        'flux-dev',
        { prompt: `${bflTestPrompts.requestModerated} ${index}` },
        key,
      );
      expect(answer.status).toBe(200);
    }
  });
});

describe('active-task limits over time', () => {
  const simulator = useBflSimulator({ jobDurationMs: 40, activeTaskLimit: 1 });

  it('accepts a new task once the active one is done', async () => {
    const first = await submit<{ polling_url: string }>(simulator(), 'flux-dev', { prompt: 'a' });
    expect((await submit(simulator(), 'flux-dev', { prompt: 'b' })).status).toBe(429);
    expect((await pollUntilDone(first.body.polling_url)).status).toBe('Ready');
    expect((await submit(simulator(), 'flux-dev', { prompt: 'b' })).status).toBe(200);
  });
});

describe('credits', () => {
  const simulator = useBflSimulator({ apiKey: undefined, jobDurationMs: 30, credits: 10 });

  it('charges the model price per submission and answers 402 once the balance is short', async () => {
    expect((await submit(simulator(), 'flux-kontext-pro', { prompt: 'a' })).body.cost).toBe(4);
    expect((await submit(simulator(), 'flux-dev', { prompt: 'b' })).body.cost).toBe(2.5);
    const refused = await submit(simulator(), 'flux-kontext-pro', { prompt: 'c' });
    expect(refused.status).toBe(402);
    expect(refused.body).toEqual({
      detail: 'Insufficient credits. This request costs 4 credits and 3.5 remain.',
    });
    expect((await submit(simulator(), 'flux-dev', { prompt: 'd' })).status).toBe(200);
    expect((await submit(simulator(), 'flux-dev', { prompt: 'e' })).status).toBe(402);
    const otherKey = await submit(simulator(), 'flux-dev', { prompt: 'e' }, { 'x-key': 'another' });
    expect(otherKey.status).toBe(200);
  });

  it('refunds jobs that end moderated or in error', async () => {
    const key = { 'x-key': 'bfl-refund-key' };
    const moderated = await submit<{ polling_url: string }>(
      simulator(),
      'flux-kontext-max',
      { prompt: bflTestPrompts.contentModerated },
      key,
    );
    expect(moderated.status).toBe(200);
    expect((await submit(simulator(), 'flux-kontext-pro', { prompt: 'x' }, key)).status).toBe(402);
    expect((await pollUntilDone(moderated.body.polling_url)).status).toBe('Content Moderated');
    expect((await submit(simulator(), 'flux-kontext-max', { prompt: 'y' }, key)).status).toBe(200);
  });
});
