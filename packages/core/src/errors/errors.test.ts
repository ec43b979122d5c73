import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadApiKey } from '../transport/load-api-key.js';
import { AbortError } from './abort-error.js';
import { ContentFilteredError } from './content-filtered-error.js';
import { EaselError } from './easel-error.js';
import { InvalidInputError } from './invalid-input-error.js';
import { MissingApiKeyError } from './missing-api-key-error.js';
import { ProviderError } from './provider-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { redactedMarker } from './secret-redaction.js';
import { TimeoutError } from './timeout-error.js';
import { UnknownModelError } from './unknown-model-error.js';

const canary = 'sk-canary-3f9a7c21d4e8b6a0';

function everyRendering(error: Error): string {
  return [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    String((error as { cause?: unknown }).cause ?? ''),
    inspect((error as { cause?: unknown }).cause, { depth: 10, showHidden: true }),
  ].join('\n');
}

describe('error brands', () => {
  const samples: Array<[string, EaselError, (error: unknown) => boolean]> = [
    [
      'invalid_input',
      new InvalidInputError({ issues: [{ path: ['n'], message: 'must be at most 4' }] }),
      InvalidInputError.isInstance,
    ],
    [
      'missing_api_key',
      new MissingApiKeyError({
        provider: 'openai',
        option: 'apiKey',
        environmentVariables: ['OPENAI_API_KEY'],
      }),
      MissingApiKeyError.isInstance,
    ],
    [
      'unknown_model',
      new UnknownModelError({ model: 'gpt-image-9' }),
      UnknownModelError.isInstance,
    ],
    [
      'provider_error',
      new ProviderError({ provider: 'openai', message: 'boom', status: 500 }),
      ProviderError.isInstance,
    ],
    [
      'rate_limited',
      new RateLimitError({ provider: 'openai', message: 'slow down', retryAfterMs: 2000 }),
      RateLimitError.isInstance,
    ],
    [
      'content_filtered',
      new ContentFilteredError({ provider: 'flux', stage: 'input', billed: false }),
      ContentFilteredError.isInstance,
    ],
    ['timeout', new TimeoutError({ phase: 'total', timeoutMs: 10 }), TimeoutError.isInstance],
    ['aborted', new AbortError(), AbortError.isInstance],
  ];

  it.each(samples)(
    '%s has a stable code, a name and an isInstance brand',
    (code, error, isInstance) => {
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
      expect(isInstance(error)).toBe(true);
      expect(EaselError.isEaselError(error)).toBe(true);
      expect(isInstance(new Error('plain'))).toBe(false);
      expect(isInstance({ code })).toBe(false);
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({
        code,
        name: error.name,
        message: error.message,
      });
    },
  );

  it('brands tell the classes apart', () => {
    const rateLimit = new RateLimitError({ provider: 'openai', message: 'slow down' });
    expect(ProviderError.isInstance(rateLimit)).toBe(true);
    expect(RateLimitError.isInstance(new ProviderError({ provider: 'openai', message: 'x' }))).toBe(
      false,
    );
    expect(ContentFilteredError.isInstance(rateLimit)).toBe(false);
    expect(TimeoutError.isInstance(new AbortError())).toBe(false);
  });

  it('isInstance works across two copies of the package, where instanceof does not', async () => {
    const duplicate = './provider-error.ts?duplicate-install';
    const copy = (await import(
      /* @vite-ignore */ duplicate
    )) as typeof import('./provider-error.js');
    expect(copy.ProviderError).not.toBe(ProviderError);
    const foreign = new copy.ProviderError({ provider: 'openai', message: 'from the other copy' });
    expect(foreign instanceof ProviderError).toBe(false);
    expect(ProviderError.isInstance(foreign)).toBe(true);
    expect(EaselError.isEaselError(foreign)).toBe(true);
    expect(copy.ProviderError.isInstance(new ProviderError({ provider: 'x', message: 'y' }))).toBe(
      true,
    );
  });

  it('ProviderError defaults retryable from the status and strips the query from the URL', () => {
    expect(new ProviderError({ provider: 'p', message: 'm', status: 503 }).retryable).toBe(true);
    expect(new ProviderError({ provider: 'p', message: 'm', status: 408 }).retryable).toBe(true);
    expect(new ProviderError({ provider: 'p', message: 'm', status: 400 }).retryable).toBe(false);
    expect(new ProviderError({ provider: 'p', message: 'm' }).retryable).toBe(false);
    const error = new ProviderError({
      provider: 'p',
      message: 'm',
      url: 'https://x.test/a?sig=secret#f',
    });
    expect(error.url).toBe('https://x.test/a');
  });

  it('MissingApiKeyError names the option and every variable', () => {
    const error = new MissingApiKeyError({
      provider: 'imagen',
      option: 'apiKey',
      environmentVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    });
    expect(error.message).toBe(
      'imagen: API key is missing. Pass it as the `apiKey` setting or set `GEMINI_API_KEY` or `GOOGLE_API_KEY`.',
    );
  });

  it('InvalidInputError lists every problem with path, received value and suggestion', () => {
    const error = new InvalidInputError({
      model: 'openai/gpt-image-1',
      issues: [
        {
          path: ['size'],
          message: 'must be one of "1024x1024", "1536x1024"',
          received: '"1000x1000"',
        },
        { path: ['negativ_prompt'], message: 'unknown field', suggestion: 'negative_prompt' },
        { path: ['images', 1], message: 'not valid base64' },
      ],
    });
    expect(error.message).toBe(
      [
        'Invalid input for openai/gpt-image-1 (3 problems):',
        '  - size: must be one of "1024x1024", "1536x1024", received "1000x1000"',
        '  - negativ_prompt: unknown field; did you mean "negative_prompt"?',
        '  - images[1]: not valid base64',
      ].join('\n'),
    );
    expect(error.issues).toHaveLength(3);
  });
});

describe('secrets never leak', () => {
  it('loadApiKey prefers the setting, then the environment, and throws naming both', () => {
    expect(
      loadApiKey({
        apiKey: 'sk-setting-value-1234',
        environmentVariables: ['EASEL_TEST_KEY'],
        provider: 'p',
      }),
    ).toBe('sk-setting-value-1234');
    process.env.EASEL_TEST_KEY_B = 'sk-from-environment-99';
    try {
      expect(
        loadApiKey({
          apiKey: undefined,
          environmentVariables: ['EASEL_TEST_KEY_A', 'EASEL_TEST_KEY_B'],
          provider: 'p',
        }),
      ).toBe('sk-from-environment-99');
    } finally {
      delete process.env.EASEL_TEST_KEY_B;
    }
    expect(() =>
      loadApiKey({ apiKey: '', environmentVariables: ['EASEL_TEST_KEY_A'], provider: 'p' }),
    ).toThrow(MissingApiKeyError);
  });

  it('scrubs a loaded key from messages, causes, JSON and inspect output of every error class', () => {
    loadApiKey({ apiKey: canary, environmentVariables: [], provider: 'openai' });
    const cause = Object.assign(new Error(`upstream said: Incorrect API key provided: ${canary}`), {
      code: 'E_UPSTREAM',
      headers: { authorization: `Bearer ${canary}` },
    });
    const errors: Error[] = [
      new ProviderError({
        provider: 'openai',
        message: `bad key ${canary}`,
        responseBody: `{"key":"${canary}"}`,
        url: `https://x.test/?key=${canary}`,
        cause,
      }),
      new RateLimitError({ provider: 'openai', message: `limit for ${canary}`, cause }),
      new ContentFilteredError({
        provider: 'flux',
        stage: 'output',
        reason: `blocked ${canary}`,
        cause,
      }),
      new TimeoutError({ phase: 'headers', provider: 'openai', cause }),
      new AbortError(`aborted ${canary}`, { cause }),
      new InvalidInputError({
        issues: [{ path: ['prompt'], message: `contains ${canary}` }],
        cause,
      }),
    ];
    for (const error of errors) {
      const text = everyRendering(error);
      expect(text).not.toContain(canary);
      expect(text).toContain(redactedMarker);
    }
    const sanitized = (errors[0] as ProviderError).cause as Error & {
      code?: string;
      headers?: unknown;
    };
    expect(sanitized.code).toBe('E_UPSTREAM');
    expect(sanitized.headers).toBeUndefined();
  });
});
