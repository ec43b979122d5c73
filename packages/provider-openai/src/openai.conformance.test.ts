import { openaiTestPrompts, startOpenAISimulator } from '@easel/testkit/openai';
import { testImageProvider } from '@easel/testkit/vitest';
import { createOpenAI, openaiApiKeyVariables } from './openai-provider.js';

const moderated = [
  { input: { prompt: `a ${openaiTestPrompts.moderationBlocked} prompt` }, stage: 'input' as const },
];
const openaiErrors = [
  {
    name: '400 invalid_size naming the size parameter',
    response: {
      status: 400,
      body: {
        error: {
          message: 'The size is not supported by this model.',
          type: 'invalid_request_error',
          param: 'size',
          code: 'invalid_size',
        },
      },
    },
    expect: {
      type: 'InvalidInputError' as const,
      messageIncludes: 'The size is not supported by this model.',
    },
  },
  {
    name: '400 moderation_blocked',
    response: {
      status: 400,
      body: {
        error: {
          message: 'Your request was rejected by the safety system.',
          type: 'image_generation_user_error',
          param: null,
          code: 'moderation_blocked',
        },
      },
    },
    expect: { type: 'ContentFilteredError' as const, stage: 'input' as const },
  },
  {
    name: '429 with x-ratelimit headers',
    response: {
      status: 429,
      headers: { 'retry-after': '3', 'x-ratelimit-remaining-requests': '0' },
      body: {
        error: {
          message: 'Rate limit reached',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
    },
    expect: { type: 'RateLimitError' as const, retryAfterMs: 3000 },
  },
];

testImageProvider({
  createProvider: settings => createOpenAI({ ...settings, baseURL: `${settings.baseURL}/v1` }),
  startSimulator: () => startOpenAISimulator(),
  apiKeyEnvironmentVariables: openaiApiKeyVariables,
  paidRequest: { method: 'POST' },
  cases: {
    'gpt-image-1': {
      input: { prompt: 'a red fox in fresh snow', quality: 'low' },
      moderated,
      errors: openaiErrors,
    },
    'gpt-image-1-mini': { input: { prompt: 'a red fox in fresh snow', quality: 'low' }, moderated },
    'gpt-image-1.5': { input: { prompt: 'a red fox in fresh snow', quality: 'low' }, moderated },
    'dall-e-3': {
      moderated,
      errors: [
        {
          name: '400 content_policy_violation',
          response: {
            status: 400,
            body: {
              error: {
                message: 'Your request was rejected as a result of our safety system.',
                type: 'invalid_request_error',
                param: null,
                code: 'content_policy_violation',
              },
            },
          },
          expect: { type: 'ContentFilteredError', stage: 'input' },
        },
      ],
    },
  },
});
