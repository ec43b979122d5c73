import type { ImageProviderSettings } from '@easel/core';
import type { ConformanceModelCases, Simulator } from '@easel/testkit';
import { imagenTestPrompts, startImagenSimulator } from '@easel/testkit/imagen';
import { testImageProvider } from '@easel/testkit/vitest';
import { afterAll, expect } from 'vitest';
import { predictViolations } from './__fixtures__/google-mock.js';
import { imagenModels } from './imagen-options.js';
import {
  createImagen,
  geminiApiKeyVariables,
  vertexAccessTokenVariables,
} from './imagen-provider.js';

const models = [
  'imagen-3.0-generate-002',
  'imagen-4.0-generate-001',
  'imagen-4.0-ultra-generate-001',
  'imagen-4.0-fast-generate-001',
] as const;

const violations: string[] = [];
const simulatorErrors: unknown[] = [];

/** Validates every request the simulator recorded against the shared schema before it is cleared. */
function validating(simulator: Simulator): Simulator {
  const check = () => {
    simulatorErrors.push(...simulator.errors);
    for (const request of simulator.requests) {
      for (const violation of predictViolations(request.json())) {
        violations.push(
          `${request.method} ${request.path}: ${violation.path} ${violation.message}`,
        );
      }
    }
  };
  return new Proxy(simulator, {
    get(target, property) {
      if (property === 'reset') {
        return () => {
          check();
          target.reset();
        };
      }
      if (property === 'close') {
        return () => {
          check();
          return target.close();
        };
      }
      return Reflect.get(target, property, target);
    },
  });
}

afterAll(() => {
  expect(violations).toEqual([]);
  expect(simulatorErrors).toEqual([]);
});

const googleError = (code: number, status: string, message: string) => ({
  error: { code, message, status },
});

function casesFor(api: 'gemini' | 'vertex'): Record<string, ConformanceModelCases> {
  return Object.fromEntries(
    models.map(modelId => {
      const invalid: Array<{ input: Record<string, unknown>; path: string[] }> = [
        { input: { prompt: 'a fox', aspectRatio: '21:9' }, path: ['aspectRatio'] },
        { input: { prompt: 'a fox', personGeneration: 'everyone' }, path: ['personGeneration'] },
      ];
      if (api === 'gemini') {
        invalid.push({ input: { prompt: 'a fox', addWatermark: false }, path: ['addWatermark'] });
        invalid.push({ input: { prompt: 'a fox', enhancePrompt: true }, path: ['enhancePrompt'] });
      }
      if (imagenModels[modelId].imageSizes.length === 1) {
        invalid.push({ input: { prompt: 'a fox', imageSize: '2K' }, path: ['imageSize'] });
      }
      const cases: ConformanceModelCases = {
        invalid,
        moderated: [
          { input: { prompt: `a fox ${imagenTestPrompts.promptBlocked}` }, stage: 'input' },
          { input: { prompt: `a fox ${imagenTestPrompts.filterAll}` }, stage: 'output' },
        ],
        errors: [
          {
            name: '429 RESOURCE_EXHAUSTED',
            response: {
              status: 429,
              headers: { 'retry-after': '2' },
              body: googleError(
                429,
                'RESOURCE_EXHAUSTED',
                'Resource has been exhausted (e.g. check quota).',
              ),
            },
            expect: {
              type: 'RateLimitError',
              status: 429,
              retryAfterMs: 2000,
              providerCode: 'RESOURCE_EXHAUSTED',
              messageIncludes: 'Resource has been exhausted',
            },
          },
          {
            name: '400 INVALID_ARGUMENT',
            response: {
              status: 400,
              body: googleError(
                400,
                'INVALID_ARGUMENT',
                "Person generation 'allow_all' is not available in your region.",
              ),
            },
            expect: {
              type: 'InvalidInputError',
              messageIncludes: "Person generation 'allow_all' is not available in your region.",
            },
          },
          {
            name: '400 prompt blocked',
            response: {
              status: 400,
              body: googleError(
                400,
                'INVALID_ARGUMENT',
                "Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices.",
              ),
            },
            expect: { type: 'ContentFilteredError', stage: 'input' },
          },
          {
            name: '404 NOT_FOUND (model retired)',
            response: {
              status: 404,
              body: googleError(404, 'NOT_FOUND', `models/${modelId} is not found.`),
            },
            expect: {
              type: 'ProviderError',
              status: 404,
              providerCode: 'model_retired',
              messageIncludes: 'retired upstream',
            },
          },
          {
            name: api === 'gemini' ? '403 PERMISSION_DENIED' : '401 UNAUTHENTICATED',
            response:
              api === 'gemini'
                ? {
                    status: 403,
                    body: googleError(
                      403,
                      'PERMISSION_DENIED',
                      'The caller does not have permission',
                    ),
                  }
                : {
                    status: 401,
                    body: googleError(
                      401,
                      'UNAUTHENTICATED',
                      'Request had invalid authentication credentials.',
                    ),
                  },
            expect: {
              type: 'ProviderError',
              status: api === 'gemini' ? 403 : 401,
              messageIncludes: api === 'gemini' ? 'GEMINI_API_KEY' : 'vertex.accessToken',
            },
          },
        ],
      };
      return [modelId, cases];
    }),
  );
}

testImageProvider({
  name: 'google (Gemini API)',
  createProvider: (settings: ImageProviderSettings) =>
    createImagen({
      ...settings,
      baseURL: settings.baseURL === undefined ? undefined : `${settings.baseURL}/v1beta`,
    }),
  startSimulator: async () => validating(await startImagenSimulator()),
  apiKeyEnvironmentVariables: geminiApiKeyVariables,
  models,
  cases: casesFor('gemini'),
});

testImageProvider({
  name: 'google (Vertex AI)',
  createProvider: (settings: ImageProviderSettings) =>
    createImagen({
      ...settings,
      apiKey: undefined,
      baseURL: undefined,
      vertex: {
        project: 'easel-test',
        location: 'us-central1',
        accessToken: settings.apiKey,
        baseURL: settings.baseURL === undefined ? undefined : `${settings.baseURL}/v1`,
      },
    }),
  startSimulator: async () => validating(await startImagenSimulator()),
  apiKeyEnvironmentVariables: vertexAccessTokenVariables,
  models,
  cases: casesFor('vertex'),
});
