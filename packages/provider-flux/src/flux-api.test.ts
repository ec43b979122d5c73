import { InvalidInputError, ProviderError, RateLimitError } from '@easel/core';
import { describe, expect, it } from 'vitest';
import { fluxErrorFromResponse, isTrustedPollingUrl } from './flux-api.js';

const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  url: 'https://api.bfl.ai/v1/flux-kontext-pro',
  text: () => (typeof body === 'string' ? body : JSON.stringify(body)),
});

describe('isTrustedPollingUrl', () => {
  const global = 'https://api.bfl.ai';

  it('follows any BFL cluster from the global endpoint, and the configured origin', () => {
    for (const url of [
      'https://api.bfl.ai/v1/get_result?id=1',
      'https://api.us1.bfl.ai/v1/get_result?id=1',
      'https://api.eu.bfl.ai/v1/get_result?id=1',
      'https://api.eu4.bfl.ai/v1/get_result?id=1',
    ]) {
      expect(isTrustedPollingUrl(url, global, 'global'), url).toBe(true);
    }
    expect(
      isTrustedPollingUrl(
        'http://127.0.0.1:4000/v1/get_result?id=1',
        'http://127.0.0.1:4000',
        'global',
      ),
    ).toBe(true);
  });

  it('keeps a regional endpoint in its region', () => {
    expect(
      isTrustedPollingUrl(
        'https://api.eu1.bfl.ai/v1/get_result?id=1',
        'https://api.eu.bfl.ai',
        'eu',
      ),
    ).toBe(true);
    expect(
      isTrustedPollingUrl(
        'https://api.us1.bfl.ai/v1/get_result?id=1',
        'https://api.eu.bfl.ai',
        'eu',
      ),
    ).toBe(false);
    expect(
      isTrustedPollingUrl('https://api.bfl.ai/v1/get_result?id=1', 'https://api.us.bfl.ai', 'us'),
    ).toBe(false);
  });

  it('refuses everything else', () => {
    for (const url of [
      'http://api.bfl.ai/v1/get_result?id=1',
      'https://api.bfl.ai:8443/v1/get_result?id=1',
      'https://evil.example/v1/get_result?id=1',
      'https://api.bfl.ai.evil.example/v1/get_result',
      'https://user:pass@api.bfl.ai/v1/get_result',
      'https://bfl.ai/v1/get_result',
      'not a url',
    ]) {
      expect(isTrustedPollingUrl(url, global, 'global'), url).toBe(false);
    }
    expect(
      isTrustedPollingUrl('http://127.0.0.1:4001/v1/get_result', 'http://127.0.0.1:4000', 'global'),
    ).toBe(false);
  });
});

describe('fluxErrorFromResponse', () => {
  it('turns FastAPI detail[] into an InvalidInputError with every path', () => {
    const error = fluxErrorFromResponse(
      response(422, {
        detail: [
          { loc: ['body', 'width'], msg: 'Input should be a multiple of 32', type: 'multiple_of' },
          {
            loc: ['body', 'safety_tolerance'],
            msg: 'Input should be less than or equal to 6',
            type: 'less_than_equal',
          },
        ],
      }),
      'flux-pro-1.1',
    );
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues).toEqual([
      {
        path: ['width'],
        message: 'BFL rejected it: Input should be a multiple of 32 (multiple_of)',
      },
      {
        path: ['safety_tolerance'],
        message: 'BFL rejected it: Input should be less than or equal to 6 (less_than_equal)',
      },
    ]);
  });

  it('maps 402, 403, 429 and others', () => {
    expect(
      fluxErrorFromResponse(response(402, { detail: 'Insufficient credits' }), 'flux-kontext-pro'),
    ).toSatisfy(
      error =>
        ProviderError.isInstance(error) &&
        error.providerCode === 'insufficient_credits' &&
        !error.retryable &&
        /dashboard\.bfl\.ai/.test(error.message),
    );
    expect(
      fluxErrorFromResponse(response(403, { detail: 'Not authenticated' }), 'flux-kontext-max'),
    ).toSatisfy(
      error =>
        ProviderError.isInstance(error) &&
        error.providerCode === 'forbidden' &&
        /flux-kontext-max/.test(error.message),
    );
    const limited = fluxErrorFromResponse(
      response(
        429,
        { detail: 'You have reached the maximum number of active tasks' },
        { 'retry-after': '5' },
      ),
      'flux-kontext-pro',
    );
    expect(RateLimitError.isInstance(limited) && limited.retryAfterMs).toBe(5000);
    expect((limited as Error).message).toContain('24 active tasks per key');
    expect(fluxErrorFromResponse(response(500, '<html>'), 'flux-kontext-pro')).toSatisfy(
      error => ProviderError.isInstance(error) && error.retryable,
    );
  });
});
