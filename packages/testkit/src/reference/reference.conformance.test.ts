import { testImageProvider } from '../vitest/test-image-provider.js';
import { createReference, referenceApiKeyVariables } from './reference-provider.js';
import { startReferenceSimulator } from './reference-simulator.js';

testImageProvider({
  createProvider: settings => createReference(settings),
  startSimulator: () => startReferenceSimulator({ jobDurationMs: 60 }),
  apiKeyEnvironmentVariables: referenceApiKeyVariables,
  settings: { pollInterval: { initialMs: 10, maxMs: 40 } },
  cases: {
    'ref-sync': {
      input: { prompt: 'a red fox in fresh snow', quality: 'draft' },
      invalid: [{ input: { prompt: 'x', quality: 'ultra' }, path: ['quality'] }],
      moderated: [{ input: { prompt: 'a blocked prompt' }, stage: 'input' }],
      errors: [
        {
          name: '400 invalid_request',
          response: {
            status: 400,
            body: { error: { code: 'invalid_request', message: 'width is odd' } },
          },
          expect: { type: 'InvalidInputError', messageIncludes: 'width is odd' },
        },
        {
          name: '422 moderated output',
          response: {
            status: 422,
            body: { error: { code: 'moderated', message: 'nope', stage: 'output' } },
          },
          expect: { type: 'ContentFilteredError', stage: 'output' },
        },
      ],
    },
    'ref-async': {
      moderated: [{ input: { prompt: 'a blocked prompt' }, stage: 'output' }],
      errors: [
        {
          name: 'poll answers 404 not_found',
          match: { method: 'GET' },
          response: { status: 404, body: { error: { code: 'not_found', message: 'no such job' } } },
          expect: { type: 'ProviderError', status: 404, providerCode: 'not_found' },
        },
      ],
    },
  },
});
