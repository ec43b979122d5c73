import type { ConformanceModelCases, ErrorCase } from '@easel/testkit';
import { testImageProvider } from '@easel/testkit/vitest';
import { acmeTestPrompts, startAcmeSimulator } from './__fixtures__/acme-simulator.js';
import { acmeApiKeyVariables, createAcme } from './acme-provider.js';

const errors: ErrorCase[] = [
  {
    name: '400 invalid_request naming a wire field',
    response: {
      status: 400,
      body: { error: { type: 'invalid_request', message: 'avoid is too long', field: 'avoid' } },
    },
    expect: { type: 'InvalidInputError', messageIncludes: 'avoid is too long' },
  },
  {
    name: '402 insufficient_credits',
    response: {
      status: 402,
      body: { error: { type: 'insufficient_credits', message: 'no credits left' } },
    },
    expect: { type: 'ProviderError', status: 402, providerCode: 'insufficient_credits' },
  },
  {
    name: '429 rate_limited with Retry-After',
    response: {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { type: 'rate_limited', message: 'slow down' } },
    },
    expect: { type: 'RateLimitError', retryAfterMs: 7000 },
  },
];

const moderated: ConformanceModelCases['moderated'] = [
  { input: { prompt: `a fox ${acmeTestPrompts.blocked}` }, stage: 'input' },
];

testImageProvider({
  createProvider: settings => createAcme(settings),
  startSimulator: () => startAcmeSimulator(),
  apiKeyEnvironmentVariables: acmeApiKeyVariables,
  cases: {
    'acme-1': {
      input: { prompt: 'a red fox in fresh snow', style: 'watercolor' },
      invalid: [
        { input: { prompt: 'x', style: 'oil' }, path: ['style'] },
        { input: { prompt: 'x', reference_strength: 0.3 }, path: ['reference_strength'] },
        { input: { prompt: 'x', num_outputs: 5 }, path: ['num_outputs'] },
      ],
      moderated,
      errors,
    },
    'acme-1-lite': {
      invalid: [{ input: { prompt: 'x'.repeat(501) }, path: ['prompt'] }],
      moderated,
      errors,
    },
  },
});
