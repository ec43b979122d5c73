import { createEasel, MissingApiKeyError, UnknownModelError } from '@easel/core';
import type { Simulator } from '@easel/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAcmeSimulator } from './__fixtures__/acme-simulator.js';
import { acme, createAcme } from './acme-provider.js';

let simulator: Simulator;
const saved = { ...process.env };

beforeAll(async () => {
  simulator = await startAcmeSimulator({ apiKey: 'acme-key-from-environment' });
});
afterAll(() => simulator.close());
afterEach(() => {
  simulator.reset();
  for (const name of ['ACME_API_KEY', 'ACME_BASE_URL']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('createAcme', () => {
  it('never throws when created, and the default instance exists', () => {
    delete process.env.ACME_API_KEY;
    expect(() => createAcme()).not.toThrow();
    expect(acme.id).toBe('acme');
    expect(acme.modelIds).toEqual(['acme-1', 'acme-1-lite']);
  });

  it('is callable, and every path resolves in the hub', () => {
    const provider = createAcme();
    expect(provider('acme-1')).toBe(provider.imageModel('acme-1'));
    const easel = createEasel({ providers: [provider] });
    for (const path of ['acme/acme-1', 'acme-1', 'Acme-One', 'acme/Acme-One'])
      expect(easel.describe(path).path).toBe('acme/acme-1');
    expect(easel.describe('ACME-1-LITE').path).toBe('acme/acme-1-lite');
    expect(() => provider.imageModel('acme-2')).toThrow(UnknownModelError);
    expect(() => provider.imageModel('acme-2')).toThrow('Did you mean "acme-1"?');
  });

  it('reads the key and the base URL from the environment, and sends the key as x-api-key', async () => {
    process.env.ACME_API_KEY = 'acme-key-from-environment';
    process.env.ACME_BASE_URL = `${simulator.url}/`;
    const easel = createEasel({
      providers: [createAcme({ headers: { 'x-team': 'imaging' }, defaultStyle: 'photo' })],
    });
    await easel.generate('acme-1-lite', { prompt: 'a lighthouse' }, { headers: { 'x-call': '1' } });
    const [request] = simulator.requests;
    expect(request?.path).toBe('/v1/images/generations');
    expect(request?.headers).toMatchObject({
      'x-api-key': 'acme-key-from-environment',
      'x-team': 'imaging',
      'x-call': '1',
      'content-type': 'application/json',
    });
    expect(request?.headers['user-agent']).toMatch(/^easel\/example-acme\/0\.0\.0 easel\/core\//);
    expect(request?.json()).toMatchObject({ style: 'photo' });
  });

  it('without a key, generating is a MissingApiKeyError naming ACME_API_KEY, before any request', async () => {
    delete process.env.ACME_API_KEY;
    const easel = createEasel({ providers: [createAcme({ baseURL: simulator.url })] });
    const error = await easel.generate('acme-1', { prompt: 'x' }).catch(caught => caught);
    expect(MissingApiKeyError.isInstance(error)).toBe(true);
    expect(String(error)).toContain('ACME_API_KEY');
    expect(simulator.requests).toHaveLength(0);
  });
});
