import { loadSharedSpec } from '@easel/specs';
import type { ConformanceModelCases, ErrorCase, Simulator } from '@easel/testkit';
import { JsonSchemaValidator, multipartToObject } from '@easel/testkit/specs';
import { stabilityTestPrompts, startStabilitySimulator } from '@easel/testkit/stability';
import { testImageProvider } from '@easel/testkit/vitest';
import { afterAll, expect } from 'vitest';
import { stabilityErrorBodies } from './__fixtures__/stability-error-bodies.js';
import { stabilityModelIds } from './stability-options.js';
import { createStability, stabilityApiKeyVariables } from './stability-provider.js';

const formSchema = new JsonSchemaValidator(loadSharedSpec('stability-sd3.schema.json'));
const violations: string[] = [];
const simulatorErrors: unknown[] = [];

/** Validates every form the simulator recorded against the shared schema before it is cleared. */
function validating(simulator: Simulator): Simulator {
  const check = () => {
    simulatorErrors.push(...simulator.errors);
    for (const request of simulator.requests) {
      const form = multipartToObject(request.multipart());
      for (const violation of formSchema.validate(form, { coerce: true })) {
        violations.push(`request ${request.id}: ${violation.path} ${violation.message}`);
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

const stabilityErrors: ErrorCase[] = [
  {
    name: '429 rate_limit_exceeded without Retry-After',
    response: stabilityErrorBodies.rateLimitExceeded,
    expect: {
      type: 'RateLimitError',
      status: 429,
      retryAfterMs: 60_000,
      providerCode: 'rate_limit_exceeded',
      messageIncludes: 'timed out for 60 seconds',
    },
  },
  {
    name: '429 rate_limit_exceeded with Retry-After: 3',
    response: { ...stabilityErrorBodies.rateLimitExceeded, headers: { 'retry-after': '3' } },
    expect: { type: 'RateLimitError', retryAfterMs: 3000 },
  },
  {
    name: '413 payload_too_large',
    response: stabilityErrorBodies.payloadTooLarge,
    expect: { type: 'InvalidInputError', messageIncludes: 'payloads cannot be larger than 10MiB' },
  },
  {
    name: '422 invalid_language',
    response: stabilityErrorBodies.invalidLanguage,
    expect: {
      type: 'InvalidInputError',
      messageIncludes: 'English is the only supported language',
    },
  },
  {
    name: '422 public_figure',
    response: stabilityErrorBodies.publicFigure,
    expect: { type: 'ContentFilteredError', stage: 'input' },
  },
  {
    name: '403 content_moderation',
    response: stabilityErrorBodies.contentModeration,
    expect: { type: 'ContentFilteredError', stage: 'input' },
  },
  {
    name: '400 bad_request',
    response: stabilityErrorBodies.badRequest,
    expect: { type: 'InvalidInputError', messageIncludes: 'aspect_ratio: must be one of' },
  },
  {
    name: '401 unauthorized',
    response: stabilityErrorBodies.unauthorized,
    expect: { type: 'ProviderError', status: 401, messageIncludes: 'STABILITY_API_KEY' },
  },
];

const png = `data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=='}`;

const cases: ConformanceModelCases = {
  input: { prompt: 'a red fox in fresh snow' },
  invalid: [
    { input: { prompt: 'a fox', image: png, aspect_ratio: '16:9' }, path: ['aspect_ratio'] },
    { input: { prompt: 'a fox', mode: 'image-to-image' }, path: ['image'] },
    { input: { prompt: 'a fox', seed: 4_294_967_295 }, path: ['seed'] },
    { input: { prompt: 'a fox', cfg_scale: 11 }, path: ['cfg_scale'] },
    { input: { prompt: 'a fox', style_preset: 'watercolor' }, path: ['style_preset'] },
    { input: { prompt: 'a fox', image: png, strength: 2 }, path: ['strength'] },
  ],
  moderated: [
    { input: { prompt: `a fox ${stabilityTestPrompts.contentModeration}` }, stage: 'input' },
    { input: { prompt: `a fox ${stabilityTestPrompts.publicFigure}` }, stage: 'input' },
    {
      input: { prompt: `a fox ${stabilityTestPrompts.contentFiltered}`, strict_moderation: true },
      stage: 'output',
    },
  ],
  errors: stabilityErrors,
};

testImageProvider({
  createProvider: settings => createStability(settings),
  startSimulator: async () => validating(await startStabilitySimulator()),
  apiKeyEnvironmentVariables: stabilityApiKeyVariables,
  cases: Object.fromEntries(stabilityModelIds.map(modelId => [modelId, cases])),
});

testImageProvider({
  name: 'stability (strict moderation, JSON answers)',
  createProvider: settings =>
    createStability({ ...settings, strictModeration: true, responseMode: 'json' }),
  startSimulator: async () => validating(await startStabilitySimulator()),
  apiKeyEnvironmentVariables: stabilityApiKeyVariables,
  models: ['Stable-Diffusion-3-5-Large'],
  cases: {
    'Stable-Diffusion-3-5-Large': {
      moderated: [
        { input: { prompt: `a fox ${stabilityTestPrompts.contentFiltered}` }, stage: 'output' },
      ],
      errors: stabilityErrors,
    },
  },
});
