import {
  createEasel,
  InvalidInputError,
  MissingApiKeyError,
  readImageMetadata,
  UnknownModelError,
} from '@easel/core';
import { synthesizeImage } from '@easel/testkit';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createStability, stability } from './stability-provider.js';

const saved = { ...process.env };
const png = synthesizeImage({ width: 64, height: 64, format: 'png', seed: 3 });

afterEach(() => {
  for (const name of ['STABILITY_API_KEY', 'STABILITY_BASE_URL']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

function mock(origin: string) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: Array<{ path: string; headers: Record<string, string> }> = [];
  agent
    .get(origin)
    .intercept({ path: /.*/, method: 'POST' })
    .reply(
      200,
      request => {
        seen.push({ path: request.path, headers: request.headers as Record<string, string> });
        return Buffer.from(png);
      },
      { headers: { 'content-type': 'image/png', 'finish-reason': 'SUCCESS', seed: '77' } },
    )
    .persist();
  return { agent, seen };
}

const models = [
  'Stable-Diffusion-3-5-Large',
  'Stable-Diffusion-3-5-Large-Turbo',
  'Stable-Diffusion-3-5-Medium',
  'Stable-Diffusion-3-5-Flash',
];

describe('createStability', () => {
  it('never throws when created, and the default instance exists', () => {
    delete process.env.STABILITY_API_KEY;
    expect(() => createStability({ clientId: 'x'.repeat(300) })).not.toThrow();
    expect(stability.id).toBe('stability');
    expect(stability.modelIds).toEqual(models);
  });

  it('is callable and registers every path: seed-document ids and wire names', () => {
    const provider = createStability();
    expect(provider('Stable-Diffusion-3-5-Flash').modelId).toBe('Stable-Diffusion-3-5-Flash');
    expect(provider.imageModel('Stable-Diffusion-3-5-Large')).toBe(
      provider('Stable-Diffusion-3-5-Large'),
    );
    const easel = createEasel({ providers: [provider] });
    const wire = ['sd3.5-large', 'sd3.5-large-turbo', 'sd3.5-medium', 'sd3.5-flash'];
    for (const [index, id] of models.entries()) {
      for (const path of [`stability/${id}`, id, wire[index]!, `stability/${wire[index]}`])
        expect(easel.describe(path).path).toBe(`stability/${id}`);
    }
    expect(() => provider.imageModel('Stable-Diffusion-3-5-Larg')).toThrow(UnknownModelError);
    expect(() => provider.imageModel('sd3.5-large')).toThrow(UnknownModelError);
  });

  it('sends the key, the client ids, accept image/* and multipart, reading the environment lazily', async () => {
    const { agent, seen } = mock('https://proxy.example');
    const provider = createStability({
      clientId: 'easel-tests',
      clientUserId: 'user-42',
      clientVersion: '1.2.3',
      headers: { 'x-team': 'imaging' },
      dispatcher: agent,
    });
    process.env.STABILITY_API_KEY = 'sk-from-environment-0001';
    process.env.STABILITY_BASE_URL = 'https://proxy.example/';
    const lazy = createStability({ dispatcher: agent });
    const result = await createEasel({ providers: [provider] }).generate(
      'stability/Stable-Diffusion-3-5-Large',
      { prompt: 'x' },
      { headers: { 'x-call': 'yes' } },
    );
    await createEasel({ providers: [lazy] }).generate('sd3.5-flash', { prompt: 'x' });
    expect(seen.map(request => request.path)).toEqual([
      '/v2beta/stable-image/generate/sd3',
      '/v2beta/stable-image/generate/sd3',
    ]);
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Bearer sk-from-environment-0001',
      accept: 'image/*',
      'stability-client-id': 'easel-tests',
      'stability-client-user-id': 'user-42',
      'stability-client-version': '1.2.3',
      'x-team': 'imaging',
      'x-call': 'yes',
    });
    expect(seen[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]?.headers['user-agent']).toMatch(
      /^easel\/provider-stability\/\d+\.\d+\.\d+ easel\/core\//,
    );
    expect(seen[1]?.headers).not.toHaveProperty('stability-client-id');
    expect(readImageMetadata(result.images[0]!.bytes)?.mediaType).toBe('image/png');
    await agent.close();
  });

  it('settings win over the environment; responseMode json asks for JSON', async () => {
    const { agent, seen } = mock('https://api.stability.ai');
    process.env.STABILITY_API_KEY = 'sk-from-environment-0002';
    const provider = createStability({
      apiKey: 'sk-from-settings-00003',
      responseMode: 'json',
      dispatcher: agent,
    });
    await createEasel({ providers: [provider] }).generate('sd3.5-medium', { prompt: 'x' });
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Bearer sk-from-settings-00003',
      accept: 'application/json',
    });
    await agent.close();
  });

  it('a client id over 256 characters is an InvalidInputError naming the setting, before any request', async () => {
    const { agent, seen } = mock('https://api.stability.ai');
    const provider = createStability({
      apiKey: 'sk-test-000000000001',
      clientUserId: 'u'.repeat(257),
      dispatcher: agent,
    });
    const error = await createEasel({ providers: [provider] })
      .generate('sd3.5-large', { prompt: 'x' })
      .catch((thrown: unknown) => thrown);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues).toEqual([
      {
        path: ['clientUserId'],
        message:
          'Stability accepts at most 256 characters in stability-client-user-id, received 257',
      },
    ]);
    expect(seen).toHaveLength(0);
    await agent.close();
  });

  it('a missing key is a MissingApiKeyError naming the setting and the variable, before any request', async () => {
    delete process.env.STABILITY_API_KEY;
    const { agent, seen } = mock('https://api.stability.ai');
    const easel = createEasel({ providers: [createStability({ dispatcher: agent })] });
    await expect(easel.generate('sd3.5-large', { prompt: 'x' })).rejects.toSatisfy(
      error =>
        MissingApiKeyError.isInstance(error) &&
        error.message ===
          'stability: API key is missing. Pass it as the `apiKey` setting or set `STABILITY_API_KEY`.',
    );
    expect(seen).toHaveLength(0);
    await agent.close();
  });
});
