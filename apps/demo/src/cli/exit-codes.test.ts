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
import { GatewayConfigError } from '@easel/gateway';
import { describe, expect, it } from 'vitest';
import { InvalidEnvironmentError } from '../environment/index.js';
import {
  CliError,
  describeError,
  exitCodeFor,
  exitCodeForGatewayError,
  exitCodes,
} from './exit-codes.js';

describe('exitCodeFor', () => {
  it.each([
    [new InvalidInputError({ issues: [{ path: ['size'], message: 'bad' }] }), exitCodes.usage],
    [new UnknownModelError({ model: 'x' }), exitCodes.usage],
    [new InvalidEnvironmentError('PORT', 'is bad'), exitCodes.usage],
    [new GatewayConfigError({ setting: 'EASEL_API_KEYS', problem: 'too short' }), exitCodes.usage],
    [new ContentFilteredError({ provider: 'p', stage: 'input' }), exitCodes.contentFiltered],
    [
      new RateLimitError({ provider: 'p', status: 429, message: 'slow down' }),
      exitCodes.rateLimited,
    ],
    [new ProviderError({ provider: 'p', status: 500, message: 'boom' }), exitCodes.upstream],
    [new ProviderError({ provider: 'p', message: 'connection reset' }), exitCodes.upstream],
    [new ProviderError({ provider: 'p', status: 401, message: 'bad key' }), exitCodes.auth],
    [new ProviderError({ provider: 'p', status: 403, message: 'no access' }), exitCodes.auth],
    [
      new ProviderError({
        provider: 'p',
        status: 404,
        message: 'gone',
        providerCode: 'model_retired',
      }),
      exitCodes.usage,
    ],
    [new TimeoutError({ phase: 'total', timeoutMs: 1 }), exitCodes.timeout],
    [
      new MissingApiKeyError({ provider: 'p', option: 'apiKey', environmentVariables: ['K'] }),
      exitCodes.auth,
    ],
    [new AbortError(), exitCodes.interrupted],
    [new CliError('x', 42), 42],
    [new TypeError('a bug'), exitCodes.unexpected],
  ])('%s → %i', (error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('exitCodeForGatewayError', () => {
  it.each([
    ['invalid_input', 400, 2],
    ['unknown_model', 404, 2],
    ['model_retired', 410, 2],
    ['content_filtered', 422, 3],
    ['rate_limited', 429, 4],
    ['provider_error', 502, 5],
    ['timeout', 504, 6],
    ['missing_api_key', 500, 7],
    ['provider_not_configured', 503, 7],
    ['overloaded', 503, 5],
    ['aborted', 503, 5],
    [undefined, 401, 7],
    [undefined, 403, 7],
    [undefined, 429, 4],
    [undefined, 504, 6],
    [undefined, 413, 2],
    [undefined, 503, 5],
  ])('code %s, HTTP %i → %i', (code, status, expected) => {
    expect(exitCodeForGatewayError(code, status)).toBe(expected);
  });
});

describe('describeError', () => {
  it('puts a list of input problems on one line', () => {
    const error = new InvalidInputError({
      model: 'ideogram/V3',
      issues: [
        { path: ['size'], message: 'must be WxH' },
        { path: ['n'], message: 'must be at most 16' },
      ],
    });
    const line = describeError(error);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^Invalid input for ideogram\/V3 \(2 problems\): size.*; n/);
  });
});
