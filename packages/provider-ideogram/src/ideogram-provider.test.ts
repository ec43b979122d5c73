import { createEasel, InvalidInputError, MissingApiKeyError, UnknownModelError } from '@easel/core';
import type { Simulator } from '@easel/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ideogramAnswer, mockIdeogram, startFileHost } from './__fixtures__/ideogram-mock.js';
import { createIdeogram, ideogram } from './ideogram-provider.js';

const saved = { ...process.env };
let files: Simulator;

beforeAll(async () => {
  files = await startFileHost();
});
afterAll(() => files.close());
afterEach(() => {
  for (const name of ['IDEOGRAM_API_KEY', 'IDEOGRAM_BASE_URL']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('createIdeogram', () => {
  it('never throws when created without a key, and the default instance exists', () => {
    delete process.env.IDEOGRAM_API_KEY;
    expect(() => createIdeogram()).not.toThrow();
    expect(ideogram.id).toBe('ideogram');
    expect(ideogram.modelIds).toEqual(['V3']);
    expect(ideogram('V3').modelId).toBe('V3');
  });

  it('resolves every documented path, in any case, and V3 alone is unambiguous', () => {
    const provider = createIdeogram();
    const easel = createEasel({ providers: [provider] });
    for (const path of [
      'ideogram/V3',
      'ideogram/v3',
      'V3',
      'v3',
      'ideogram-v3',
      'Ideogram-V3',
      'ideogram/ideogram-v3',
    ]) {
      expect(easel.describe(path).path).toBe('ideogram/V3');
    }
    expect(provider.imageModel('ideogram-v3')).toBe(provider('V3'));
    expect(() => provider.imageModel('V2')).toThrow(UnknownModelError);
  });

  it('refuses an invalid maxConcurrentRequests', () => {
    for (const maxConcurrentRequests of [0, 1.5, -1]) {
      expect(() => createIdeogram({ maxConcurrentRequests })).toThrow(InvalidInputError);
    }
  });

  it('sends the key as Api-Key with the settings and call headers, reading the environment lazily', async () => {
    const mock = mockIdeogram('https://proxy.example');
    mock.reply(request => ideogramAnswer(files, request));
    delete process.env.IDEOGRAM_API_KEY;
    process.env.IDEOGRAM_BASE_URL = 'https://proxy.example/';
    const provider = createIdeogram({
      headers: { 'x-team': 'imaging' },
      dispatcher: mock.agent,
      downloads: { allowlist: [files.url] },
    });
    // Set after the provider was created: the key is read when the request is made.
    process.env.IDEOGRAM_API_KEY = 'ideogram-key-from-environment-0001';
    const result = await createEasel({ providers: [provider] }).generate(
      'ideogram/V3',
      { prompt: 'x' },
      { headers: { 'x-call': 'yes' } },
    );
    expect(result.images).toHaveLength(1);
    const request = mock.requests[0]!;
    expect(request.path).toBe('/v1/ideogram-v3/generate');
    expect(request.headers).toMatchObject({
      'api-key': 'ideogram-key-from-environment-0001',
      'x-team': 'imaging',
      'x-call': 'yes',
    });
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.headers['user-agent']).toMatch(
      /^easel\/provider-ideogram\/\d+\.\d+\.\d+ easel\/core\//,
    );
    expect(request.fields).toEqual({ prompt: 'x' });
    expect(mock.violations()).toEqual([]);
    // The file host is another origin: the key never reaches it.
    expect(files.requests[0]?.headers['api-key']).toBeUndefined();
    files.reset();
    await mock.close();
  });

  it('settings win over the environment', async () => {
    const mock = mockIdeogram('https://api.ideogram.ai');
    mock.reply(request => ideogramAnswer(files, request));
    process.env.IDEOGRAM_API_KEY = 'ideogram-key-from-environment-0002';
    const provider = createIdeogram({
      apiKey: 'ideogram-key-from-settings-0003',
      dispatcher: mock.agent,
      downloads: { allowlist: [files.url] },
    });
    await createEasel({ providers: [provider] }).generate('V3', { prompt: 'x' });
    expect(mock.requests[0]?.headers['api-key']).toBe('ideogram-key-from-settings-0003');
    files.reset();
    await mock.close();
  });

  it('a missing key is a MissingApiKeyError naming the setting and the variable, before any request', async () => {
    delete process.env.IDEOGRAM_API_KEY;
    const mock = mockIdeogram('https://api.ideogram.ai');
    const easel = createEasel({ providers: [createIdeogram({ dispatcher: mock.agent })] });
    await expect(easel.generate('ideogram-v3', { prompt: 'x' })).rejects.toSatisfy(
      error =>
        MissingApiKeyError.isInstance(error) &&
        error.message ===
          'ideogram: API key is missing. Pass it as the `apiKey` setting or set `IDEOGRAM_API_KEY`.',
    );
    expect(mock.requests).toHaveLength(0);
    await mock.close();
  });
});
