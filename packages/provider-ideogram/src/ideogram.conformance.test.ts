import { loadSharedSpec } from '@easel/specs';
import type { Simulator } from '@easel/testkit';
import { ideogramTestPrompts, startIdeogramSimulator } from '@easel/testkit/ideogram';
import { OpenApiValidator, specRequestBody } from '@easel/testkit/specs';
import { testImageProvider } from '@easel/testkit/vitest';
import { afterAll, expect } from 'vitest';
import { createIdeogram, ideogramApiKeyVariables } from './ideogram-provider.js';

const spec = new OpenApiValidator(loadSharedSpec('ideogram-v3.openapi.json'));
const violations: string[] = [];
const simulatorErrors: unknown[] = [];
let validated = 0;

/**
 * Validates every request the suite made against the spec before the simulator forgets it (the
 * suite resets the simulator between checks). Fault-injected requests count too: they were sent.
 */
function validating(simulator: Simulator): Simulator {
  const check = () => {
    simulatorErrors.push(...simulator.errors);
    for (const request of simulator.requests) {
      if (request.method !== 'POST' || request.body.byteLength === 0) continue;
      validated++;
      for (const violation of spec.validateRequest(request.path, specRequestBody(request))) {
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
  expect(validated).toBeGreaterThan(20);
  expect(violations).toEqual([]);
  expect(simulatorErrors).toEqual([]);
});

const problem = (status: number, title: string, detail: string) => ({
  type: 'about:blank',
  title,
  detail,
  status,
});

testImageProvider({
  createProvider: settings => createIdeogram(settings),
  startSimulator: async () => validating(await startIdeogramSimulator()),
  apiKeyEnvironmentVariables: ideogramApiKeyVariables,
  cases: {
    V3: {
      invalid: [
        { input: { prompt: 'a fox', resolution: '1000x1000' }, path: ['resolution'] },
        {
          input: { prompt: 'a fox', aspect_ratio: '16:9', size: '1280x768' },
          path: ['aspect_ratio'],
        },
        {
          input: { prompt: 'a fox', style_codes: ['AAFF5733'], style_type: 'DESIGN' },
          path: ['style_codes'],
        },
        { input: { prompt: 'a fox', image_weight: 50 }, path: ['image_weight'] },
        { input: { prompt: 'a fox', seed: 2_147_483_648 }, path: ['seed'] },
        { input: { prompt: 'a fox', num_images: 9 }, path: ['num_images'] },
        { input: { rendering_speed: 'TURBO' }, path: ['prompt'] },
      ],
      moderated: [
        { input: { prompt: `a fox ${ideogramTestPrompts.unsafePrompt}` }, stage: 'input' },
        { input: { prompt: `a fox ${ideogramTestPrompts.unsafeAll}` }, stage: 'output' },
      ],
      errors: [
        {
          name: '429 problem details without Retry-After',
          response: {
            status: 429,
            headers: { 'content-type': 'application/problem+json' },
            body: problem(429, 'Too Many Requests', 'Too many requests in flight for this key.'),
          },
          expect: {
            type: 'RateLimitError',
            status: 429,
            messageIncludes: 'Too many requests in flight for this key.',
          },
        },
        {
          name: '400 problem details naming a field',
          response: {
            status: 400,
            headers: { 'content-type': 'application/problem+json' },
            body: problem(
              400,
              'Bad Request',
              "'mask' must be the same size as 'image' (64x64), got 32x32.",
            ),
          },
          expect: {
            type: 'InvalidInputError',
            messageIncludes: "'mask' must be the same size as 'image' (64x64), got 32x32.",
          },
        },
        {
          name: '422 safety error',
          response: {
            status: 422,
            body: {
              error:
                'Prompt provided failed safety check due to the inclusion of prohibited content.',
            },
          },
          expect: { type: 'ContentFilteredError', stage: 'input', status: 422 },
        },
        {
          name: '401 refused key',
          response: {
            status: 401,
            headers: { 'content-type': 'application/problem+json' },
            body: problem(401, 'Unauthorized', 'Invalid API key.'),
          },
          expect: {
            type: 'ProviderError',
            status: 401,
            providerCode: 'unauthorized',
            messageIncludes: 'IDEOGRAM_API_KEY',
          },
        },
      ],
    },
  },
});
