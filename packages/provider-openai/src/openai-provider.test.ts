import { createEasel, MissingApiKeyError, UnknownModelError } from '@easel/core';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAI, openai } from './openai-provider.js';

const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
const saved = { ...process.env };

afterEach(() => {
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

function mock(origin: string, path = '/v1/images/generations') {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: Array<{ headers: Record<string, string>; body: unknown }> = [];
  agent
    .get(origin)
    .intercept({ path, method: 'POST' })
    .reply(200, request => {
      seen.push({
        headers: request.headers as Record<string, string>,
        body: JSON.parse(String(request.body)),
      });
      return { created: 1, data: [{ b64_json: png }], output_format: 'png', size: '1024x1024' };
    })
    .persist();
  return { agent, seen };
}

describe('createOpenAI', () => {
  it('never throws when created, and the default instance exists', () => {
    delete process.env.OPENAI_API_KEY;
    expect(() => createOpenAI()).not.toThrow();
    expect(openai.id).toBe('openai');
    expect(openai.modelIds).toEqual([
      'gpt-image-1',
      'gpt-image-1-mini',
      'gpt-image-1.5',
      'dall-e-3',
    ]);
  });

  it('is callable and registers every documented path', () => {
    const provider = createOpenAI();
    expect(provider('dall-e-3').modelId).toBe('dall-e-3');
    const easel = createEasel({ providers: [provider] });
    for (const id of provider.modelIds) {
      for (const path of [`opanai/${id}`, `openai/${id}`, id])
        expect(easel.describe(path).path).toBe(`openai/${id}`);
    }
    expect(() => provider.imageModel('gpt-image-9')).toThrow(UnknownModelError);
  });

  it('sends the key, organization, project and headers, reading the environment lazily', async () => {
    const { agent, seen } = mock('https://proxy.example');
    process.env.OPENAI_API_KEY = 'sk-from-environment-0001';
    process.env.OPENAI_BASE_URL = 'https://proxy.example/v1/';
    process.env.OPENAI_ORG_ID = 'org-environment';
    const provider = createOpenAI({
      project: 'proj_settings',
      headers: { 'x-team': 'imaging' },
      dispatcher: agent,
    });
    await createEasel({ providers: [provider] }).generate(
      'gpt-image-1',
      { prompt: 'x' },
      { headers: { 'x-call': 'yes' } },
    );
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Bearer sk-from-environment-0001',
      'openai-organization': 'org-environment',
      'openai-project': 'proj_settings',
      'x-team': 'imaging',
      'x-call': 'yes',
      'content-type': 'application/json',
    });
    expect(seen[0]?.headers['user-agent']).toMatch(
      /^easel\/provider-openai\/\d+\.\d+\.\d+ easel\/core\//,
    );
    expect(seen[0]?.body).toEqual({ model: 'gpt-image-1', prompt: 'x' });
    await agent.close();
  });

  it('settings win over the environment', async () => {
    const { agent, seen } = mock('https://api.openai.com');
    process.env.OPENAI_API_KEY = 'sk-from-environment-0002';
    const provider = createOpenAI({
      apiKey: 'sk-from-settings-00003',
      organization: 'org-settings',
      dispatcher: agent,
    });
    await createEasel({ providers: [provider] }).generate('dall-e-3', {
      prompt: 'x',
      response_format: 'b64_json',
    });
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Bearer sk-from-settings-00003',
      'openai-organization': 'org-settings',
    });
    await agent.close();
  });

  it('a missing key is a MissingApiKeyError naming the setting and the variable, before any request', async () => {
    delete process.env.OPENAI_API_KEY;
    const { agent, seen } = mock('https://api.openai.com');
    const easel = createEasel({ providers: [createOpenAI({ dispatcher: agent })] });
    await expect(easel.generate('gpt-image-1', { prompt: 'x' })).rejects.toSatisfy(
      error =>
        MissingApiKeyError.isInstance(error) &&
        error.message ===
          'openai: API key is missing. Pass it as the `apiKey` setting or set `OPENAI_API_KEY`.',
    );
    expect(seen).toHaveLength(0);
    await agent.close();
  });
});
