import { bflTestPrompts, startBflSimulator } from '@easel/testkit/bfl';
import { testImageProvider } from '@easel/testkit/vitest';
import { createFlux, fluxApiKeyVariables } from './flux-provider.js';

const moderated = [
  { input: { prompt: bflTestPrompts.requestModerated }, stage: 'input' as const },
  { input: { prompt: bflTestPrompts.contentModerated }, stage: 'output' as const },
];
const errors = [
  {
    name: '402 insufficient credits',
    response: { status: 402, body: { detail: 'Insufficient credits' } },
    expect: { type: 'ProviderError' as const, status: 402, providerCode: 'insufficient_credits' },
  },
  {
    name: '422 FastAPI detail[]',
    response: {
      status: 422,
      body: {
        detail: [
          {
            loc: ['body', 'aspect_ratio'],
            msg: 'Aspect ratio must be between 21:9 and 9:21',
            type: 'value_error',
          },
        ],
      },
    },
    expect: {
      type: 'InvalidInputError' as const,
      messageIncludes: 'Aspect ratio must be between 21:9 and 9:21',
    },
  },
  {
    name: '429 active-task limit',
    response: {
      status: 429,
      headers: { 'retry-after': '4' },
      body: { detail: 'You have reached the maximum number of active tasks.' },
    },
    expect: { type: 'RateLimitError' as const, retryAfterMs: 4000 },
  },
  {
    name: 'a poll answering 403',
    match: { method: 'GET' },
    response: { status: 403, body: { detail: 'Not authenticated' } },
    expect: { type: 'ProviderError' as const, status: 403, providerCode: 'forbidden' },
  },
];

testImageProvider({
  createProvider: settings => createFlux(settings),
  startSimulator: () => startBflSimulator({ jobDurationMs: 60 }),
  apiKeyEnvironmentVariables: fluxApiKeyVariables,
  settings: { pollInterval: { initialMs: 10, maxMs: 40 } },
  cases: Object.fromEntries(
    [
      'flux-kontext-pro',
      'flux-kontext-max',
      'flux-pro-1.1',
      'flux-pro-1.1-ultra',
      'flux-2-pro',
      'flux-2-max',
      'flux-2-flex',
    ].map(id => [id, { moderated, errors }]),
  ),
});
