import { createEasel, InvalidInputError, MissingApiKeyError, UnknownModelError } from '@easel/core';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createFlux, flux } from './flux-provider.js';

const saved = { key: process.env.BFL_API_KEY, base: process.env.BFL_BASE_URL };
afterEach(() => {
  for (const [name, value] of [
    ['BFL_API_KEY', saved.key],
    ['BFL_BASE_URL', saved.base],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function mockSubmit(origin: string) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: Array<{ path: string; headers: Record<string, string>; body: unknown }> = [];
  agent
    .get(origin)
    .intercept({ path: /^\/v1\//, method: 'POST' })
    .reply(422, request => {
      seen.push({
        path: request.path,
        headers: request.headers as Record<string, string>,
        body: JSON.parse(String(request.body)),
      });
      return { detail: [{ loc: ['body', 'prompt'], msg: 'stop here', type: 'value_error' }] };
    })
    .persist();
  return { agent, seen };
}

describe('createFlux', () => {
  it('never throws for a missing key when created, and the default instance exists', () => {
    delete process.env.BFL_API_KEY;
    expect(() => createFlux()).not.toThrow();
    expect(flux.id).toBe('bfl');
    expect(flux.modelIds).toHaveLength(7);
    expect(flux('flux-pro-1.1').modelId).toBe('flux-pro-1.1');
    expect(() => flux.imageModel('flux-kontext-mx')).toThrow(UnknownModelError);
  });

  it('submits to the region`s host with x-key and the headers', async () => {
    const { agent, seen } = mockSubmit('https://api.eu.bfl.ai');
    const easel = createEasel({
      providers: [
        createFlux({
          apiKey: 'bfl-settings-key-00001',
          region: 'eu',
          dispatcher: agent,
          headers: { 'x-team': 'art' },
        }),
      ],
    });
    await expect(
      easel.generate(
        'flux-kontext-pro',
        { prompt: 'x', aspect_ratio: '16:9' },
        { headers: { 'x-call': '1' } },
      ),
    ).rejects.toSatisfy(InvalidInputError.isInstance);
    expect(seen[0]).toMatchObject({
      path: '/v1/flux-kontext-pro',
      headers: {
        'x-key': 'bfl-settings-key-00001',
        'x-team': 'art',
        'x-call': '1',
        'content-type': 'application/json',
      },
      body: { prompt: 'x', aspect_ratio: '16:9' },
    });
    expect(seen[0]?.headers['user-agent']).toMatch(/^easel\/provider-flux\//);
    await agent.close();
  });

  it('reads BFL_API_KEY and BFL_BASE_URL when the first request is made', async () => {
    const { agent, seen } = mockSubmit('https://bfl-proxy.example');
    const provider = createFlux({ dispatcher: agent });
    process.env.BFL_API_KEY = 'bfl-environment-key-002';
    process.env.BFL_BASE_URL = 'https://bfl-proxy.example/';
    const easel = createEasel({ providers: [createFlux({ dispatcher: agent })] });
    await expect(easel.generate('FLUX-1.1-pro', { prompt: 'x' })).rejects.toSatisfy(
      InvalidInputError.isInstance,
    );
    expect(seen[0]?.headers['x-key']).toBe('bfl-environment-key-002');
    expect(provider.id).toBe('bfl');
    await agent.close();
  });

  it('a missing key is a MissingApiKeyError before any request', async () => {
    delete process.env.BFL_API_KEY;
    const { agent, seen } = mockSubmit('https://api.bfl.ai');
    const easel = createEasel({ providers: [createFlux({ dispatcher: agent })] });
    await expect(easel.generate('flux-kontext-pro', { prompt: 'x' })).rejects.toSatisfy(
      error =>
        MissingApiKeyError.isInstance(error) &&
        error.message ===
          'bfl: API key is missing. Pass it as the `apiKey` setting or set `BFL_API_KEY`.',
    );
    expect(seen).toHaveLength(0);
    await agent.close();
  });

  it('refuses bad settings with a typed error naming the setting', () => {
    expect(() => createFlux({ region: 'mars' as never })).toThrow(
      'region: must be one of global, eu, us, eu1, us1, received "mars"',
    );
    expect(() => createFlux({ maxActiveTasks: 0 })).toThrow(
      'maxActiveTasks: must be a positive whole number, received 0',
    );
  });
});
