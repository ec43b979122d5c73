import {
  AbortError,
  ContentFilteredError,
  InvalidInputError,
  MissingApiKeyError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  UnknownModelError,
} from '@easel/core';
import { describe, expect, it } from 'vitest';
import { type BreakerOutcome, breakerOutcomeOf } from './breaker-outcome.js';

const provider = 'openai';

describe('breakerOutcomeOf', () => {
  const cases: Array<[string, unknown, BreakerOutcome]> = [
    ['HTTP 500', new ProviderError({ provider, message: 'boom', status: 500 }), 'failure'],
    ['HTTP 503', new ProviderError({ provider, message: 'down', status: 503 }), 'failure'],
    ['HTTP 408', new ProviderError({ provider, message: 'slow', status: 408 }), 'failure'],
    [
      'connection refused (no status)',
      new ProviderError({ provider, message: 'ECONNREFUSED', providerCode: 'ECONNREFUSED' }),
      'failure',
    ],
    [
      'malformed answer on a 200',
      new ProviderError({
        provider,
        message: 'bad JSON',
        status: 200,
        providerCode: 'malformed_response',
      }),
      'failure',
    ],
    ['headers timeout', new TimeoutError({ phase: 'headers', provider }), 'failure'],
    ['total deadline', new TimeoutError({ phase: 'total', provider }), 'failure'],
    ['an adapter crash on a strange answer', new TypeError('x is undefined'), 'failure'],
    [
      'invalid input',
      new InvalidInputError({ issues: [{ path: ['n'], message: 'must be at most 4' }] }),
      'ignore',
    ],
    ['unknown model', new UnknownModelError({ model: 'gpt-image-9' }), 'ignore'],
    ['content filtered', new ContentFilteredError({ provider, stage: 'input' }), 'ignore'],
    [
      'rate limited',
      new RateLimitError({ provider, message: 'slow down', retryAfterMs: 1000 }),
      'ignore',
    ],
    [
      'missing API key',
      new MissingApiKeyError({
        provider,
        option: 'apiKey',
        environmentVariables: ['OPENAI_API_KEY'],
      }),
      'ignore',
    ],
    ['abort by the caller', new AbortError(), 'ignore'],
    ['a DOM abort', new DOMException('The operation was aborted.', 'AbortError'), 'ignore'],
    [
      'HTTP 401 (bad key)',
      new ProviderError({ provider, message: 'bad key', status: 401 }),
      'ignore',
    ],
    ['HTTP 422', new ProviderError({ provider, message: 'nope', status: 422 }), 'ignore'],
  ];

  it.each(cases)('%s → %s', (_name, error, outcome) => {
    expect(breakerOutcomeOf(error)).toBe(outcome);
  });

  it('recognises errors by brand, from another copy of @easel/core too', () => {
    const foreignRateLimit = Object.assign(new Error('slow down'), {
      status: 429,
      [Symbol.for('easel.error.ProviderError')]: true,
      [Symbol.for('easel.error.RateLimitError')]: true,
    });
    const foreignServerError = Object.assign(new Error('boom'), {
      status: 502,
      [Symbol.for('easel.error.ProviderError')]: true,
    });
    const foreignInvalid = Object.assign(new Error('bad'), {
      [Symbol.for('easel.error.InvalidInputError')]: true,
    });
    expect(breakerOutcomeOf(foreignRateLimit)).toBe('ignore');
    expect(breakerOutcomeOf(foreignServerError)).toBe('failure');
    expect(breakerOutcomeOf(foreignInvalid)).toBe('ignore');
  });
});
