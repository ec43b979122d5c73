import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import {
  editForm,
  imageBlob,
  postForm,
  postJson,
  readError,
  testApiKey,
} from './__fixtures__/openai-client.js';
import { openaiSimulatorModels } from './openai-models.js';
import { openaiTestPrompts } from './openai-test-prompts.js';
import { startOpenAISimulator } from './start-openai-simulator.js';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startOpenAISimulator({ apiKey: testApiKey });
});
afterEach(() => {
  expect(simulator.errors).toEqual([]);
  simulator.clearFaults();
});
afterAll(() => simulator.close());

const generation = { model: 'gpt-image-1', prompt: 'A quiet harbour', quality: 'low' };

describe('models', () => {
  it('serves the GPT image models and DALL·E', () => {
    expect([...openaiSimulatorModels].sort()).toEqual([
      'dall-e-2',
      'dall-e-3',
      'gpt-image-1',
      'gpt-image-1-mini',
      'gpt-image-1.5',
    ]);
  });
});

describe('authentication', () => {
  it('refuses a wrong key with 401 invalid_api_key, masking the key', async () => {
    const wrongKey = 'sk-proj-wrongwrongwrong9876';
    const response = await postJson(simulator, '/images/generations', generation, {
      authorization: `Bearer ${wrongKey}`,
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const error = await readError(response);
    expect(error).toEqual({
      message:
        'Incorrect API key provided: sk-***9876. You can find your API key at https://platform.openai.com/account/api-keys.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
    expect(error.message).not.toContain(wrongKey);
  });

  it('masks short keys entirely', async () => {
    const response = await postJson(simulator, '/images/generations', generation, {
      authorization: 'Bearer hello',
    });
    expect((await readError(response)).message).toMatch(/^Incorrect API key provided: \*\*\*\./);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty bearer token', 'Bearer '],
    ['another scheme', `Basic ${Buffer.from(`:${testApiKey}`).toString('base64')}`],
  ])('refuses %s with 401', async (_name, authorization) => {
    const response = await fetch(`${simulator.url}/v1/images/generations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: JSON.stringify(generation),
    });
    expect(response.status).toBe(401);
    const error = await readError(response);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    expect(error.message).toMatch(/^You didn't provide an API key\./);
  });

  it('accepts any non-empty key when none is configured', async () => {
    const open = await startOpenAISimulator();
    try {
      const response = await postJson(open, '/images/generations', generation, {
        authorization: 'Bearer whatever',
      });
      expect(response.status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('organization verification', () => {
  let unverified: Simulator;
  beforeAll(async () => {
    unverified = await startOpenAISimulator({ organizationVerified: false });
  });
  afterAll(() => unverified.close());

  it.each(['gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5'])(
    'answers 403 for %s',
    async model => {
      const response = await postJson(unverified, '/images/generations', { ...generation, model });
      expect(response.status).toBe(403);
      expect(await readError(response)).toEqual({
        message: `Your organization must be verified to use the model \`${model}\`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    },
  );

  it('answers 403 for edits on the default model, gpt-image-1.5', async () => {
    const form = editForm({ prompt: 'x' }, [['image', imageBlob(32, 32), 'a.png']]);
    const response = await fetch(`${unverified.url}/v1/images/edits`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-anything' },
      body: form,
    });
    expect(response.status).toBe(403);
    expect((await readError(response)).message).toContain('`gpt-image-1.5`');
  });

  it('still serves DALL·E', async () => {
    const response = await postJson(unverified, '/images/generations', {
      model: 'dall-e-3',
      prompt: 'x',
    });
    expect(response.status).toBe(200);
    expect(unverified.errors).toEqual([]);
  });
});

describe('test prompts', () => {
  it('blocks the moderation prompt on GPT image models with moderation_blocked', async () => {
    const response = await postJson(simulator, '/images/generations', {
      ...generation,
      prompt: `a cat ${openaiTestPrompts.moderationBlocked}`,
    });
    expect(response.status).toBe(400);
    const requestId = response.headers.get('x-request-id');
    expect(await readError(response)).toEqual({
      message: `Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID ${requestId}.`,
      type: 'image_generation_user_error',
      param: null,
      code: 'moderation_blocked',
    });
  });

  it('blocks the moderation prompt on edits too', async () => {
    const form = editForm({ model: 'gpt-image-1', prompt: openaiTestPrompts.moderationBlocked }, [
      ['image', imageBlob(32, 32), 'a.png'],
    ]);
    const response = await postForm(simulator, form);
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ code: 'moderation_blocked' });
  });

  it('blocks the moderation prompt on dall-e-3 with content_policy_violation', async () => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'dall-e-3',
      prompt: openaiTestPrompts.moderationBlocked,
    });
    expect(response.status).toBe(400);
    expect(await readError(response)).toEqual({
      message:
        'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
      type: 'invalid_request_error',
      param: null,
      code: 'content_policy_violation',
    });
  });

  it('answers the rate-limit prompt with 429, retry-after and the rate-limit headers', async () => {
    const response = await postJson(simulator, '/images/generations', {
      ...generation,
      prompt: `${openaiTestPrompts.rateLimited} please`,
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('12');
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('5');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('12s');
    const error = await readError(response);
    expect(error).toMatchObject({ type: 'requests', param: null, code: 'rate_limit_exceeded' });
    expect(error.message).toMatch(
      /^Rate limit reached for gpt-image-1 in organization org-[A-Za-z0-9]{24} on images per minute \(IPM\): Limit 5, Used 5, Requested 1\. Please try again in 12s\.$/,
    );
  });

  it('matches test prompts case-sensitively', async () => {
    const response = await postJson(simulator, '/images/generations', {
      ...generation,
      prompt: openaiTestPrompts.rateLimited.toUpperCase(),
    });
    expect(response.status).toBe(200);
  });
});

describe('routes and headers', () => {
  it('answers unknown routes with 404 in OpenAI’s shape', async () => {
    const response = await fetch(`${simulator.url}/v1/images/variations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testApiKey}` },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(await readError(response)).toEqual({
      message: 'Invalid URL (POST /v1/images/variations)',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  });

  it('answers a known path with the wrong method with 404', async () => {
    const response = await fetch(`${simulator.url}/v1/images/generations`, {
      headers: { authorization: `Bearer ${testApiKey}` },
    });
    expect(response.status).toBe(404);
    expect((await readError(response)).message).toBe('Invalid URL (GET /v1/images/generations)');
  });

  it('gives each request its own request id', async () => {
    const responses = await Promise.all(
      [1, 2, 3].map(() => postJson(simulator, '/images/generations', { ...generation, n: 11 })),
    );
    const ids = responses.map(response => response.headers.get('x-request-id'));
    expect(new Set(ids).size).toBe(3);
    for (const response of responses) {
      expect(response.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
      expect(response.headers.get('openai-version')).toBe('2020-10-01');
    }
  });
});

describe('fault injection', () => {
  it('keeps working in front of the OpenAI handler', async () => {
    simulator.inject({
      match: { path: '/v1/images/generations' },
      times: 1,
      fault: { type: 'respond', status: 503, body: { error: { message: 'overloaded' } } },
    });
    const faulted = await postJson(simulator, '/images/generations', generation);
    expect(faulted.status).toBe(503);
    const next = await postJson(simulator, '/images/generations', generation);
    expect(next.status).toBe(200);
    expect(simulator.requests.at(-2)?.fault).toBe('respond');
  });

  it('truncates a real answer', async () => {
    simulator.inject({ times: 1, fault: { type: 'truncate' } });
    const response = await postJson(simulator, '/images/generations', generation);
    await expect(response.text()).rejects.toThrow();
  });
});
