import {
  ContentFilteredError,
  InvalidInputError,
  ProviderError,
  RateLimitError,
  TimeoutError,
} from '@easel/core';
import { describe, expect, it } from 'vitest';
import { OverloadedError } from '../resilience/index.js';
import { StoreClosedError } from '../store/index.js';
import { toGatewayError } from './error-mapping.js';

describe('toGatewayError', () => {
  it('maps each typed error to its status and code', () => {
    const cases: Array<[unknown, number, string]> = [
      [
        new InvalidInputError({ issues: [{ path: ['n'], message: 'must be at most 4' }] }),
        400,
        'invalid_input',
      ],
      [
        new ContentFilteredError({ provider: 'openai', stage: 'input', reason: 'blocked' }),
        422,
        'content_filtered',
      ],
      [
        new RateLimitError({
          provider: 'openai',
          status: 429,
          message: 'slow down',
          retryAfterMs: 2000,
        }),
        429,
        'rate_limited',
      ],
      [new TimeoutError({ provider: 'openai', phase: 'total', timeoutMs: 1000 }), 504, 'timeout'],
      [new OverloadedError({ reason: 'queue_full', retryAfterMs: 1000 }), 503, 'overloaded'],
      [
        new ProviderError({
          provider: 'openai',
          status: 500,
          message: 'upstream broke',
          retryable: false,
        }),
        502,
        'provider_error',
      ],
    ];
    for (const [error, status, code] of cases) {
      expect(toGatewayError(error), code).toMatchObject({ status, code });
    }
  });

  it('answers a model the provider retired with 410 model_retired, not an upstream failure', () => {
    const retired = new ProviderError({
      provider: 'google',
      status: 404,
      message:
        'imagen-4.0-generate-preview-05-20 was most likely retired upstream; use imagen-4.0-generate-001',
      providerCode: 'model_retired',
      retryable: false,
    });
    expect(toGatewayError(retired)).toMatchObject({
      status: 410,
      code: 'model_retired',
      details: { provider: 'google', providerCode: 'model_retired' },
    });
  });

  it('answers a request that raced the store closing 503 shutting_down with Retry-After', () => {
    expect(toGatewayError(new StoreClosedError())).toMatchObject({
      status: 503,
      code: 'shutting_down',
      headers: { connection: 'close', 'retry-after': '1' },
    });
  });

  it('never exposes an unexpected error’s message', () => {
    const mapped = toGatewayError(new Error('secret internals at /srv/app.js:12'));
    expect(mapped.status).toBe(500);
    expect(mapped.message).not.toContain('/srv/app.js');
  });
});
