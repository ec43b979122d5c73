import {
  ContentFilteredError,
  InvalidInputError,
  ProviderError,
  RateLimitError,
  type ResponseLike,
} from '@easel/core';
import { describe, expect, it } from 'vitest';
import { stabilityErrorBodies } from './__fixtures__/stability-error-bodies.js';
import {
  parseSeed,
  parseStabilityError,
  stabilityErrorFromResponse,
  stabilityRateLimitPenaltyMs,
} from './stability-api.js';

const url = 'https://api.stability.ai/v2beta/stable-image/generate/sd3';

function answer(
  fixture: { status: number; body: unknown },
  headers: Record<string, string> = {},
): ResponseLike {
  const text = JSON.stringify(fixture.body);
  return {
    status: fixture.status,
    headers: { 'content-type': 'application/json', ...headers },
    url,
    text: () => text,
  };
}

const context = { modelId: 'Stable-Diffusion-3-5-Large' };

describe('stabilityErrorFromResponse', () => {
  it('403 content_moderation → ContentFilteredError, stage input, not billed', () => {
    const error = stabilityErrorFromResponse(
      answer(stabilityErrorBodies.contentModeration),
      context,
    );
    expect(ContentFilteredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      provider: 'stability',
      stage: 'input',
      billed: false,
      status: 403,
      requestId: 'ed14ec8a3b2f4d3c8f9e0a1b2c3d4e5f',
    });
    expect(error.message).toContain('flagged by our content moderation system');
  });

  it('422 public_figure → ContentFilteredError, stage input, billing unknown', () => {
    const error = stabilityErrorFromResponse(answer(stabilityErrorBodies.publicFigure), context);
    expect(ContentFilteredError.isInstance(error) && error.stage).toBe('input');
    expect((error as ContentFilteredError).billed).toBeUndefined();
    expect((error as ContentFilteredError).reason).toBe(
      'public_figure: Our system detected the likeness of a public figure in your request.',
    );
  });

  it('422 invalid_language → InvalidInputError at prompt, with Stability’s words', () => {
    const error = stabilityErrorFromResponse(answer(stabilityErrorBodies.invalidLanguage), context);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues).toEqual([
      {
        path: ['prompt'],
        message:
          'Stability rejected it (invalid_language): English is the only supported language for this service.',
      },
    ]);
    expect((error as InvalidInputError).model).toBe('stability/Stable-Diffusion-3-5-Large');
  });

  it('413 payload_too_large → InvalidInputError at image', () => {
    const error = stabilityErrorFromResponse(answer(stabilityErrorBodies.payloadTooLarge), context);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues[0]?.path).toEqual(['image']);
    expect(error.message).toContain('payloads cannot be larger than 10MiB in size');
  });

  it('400 bad_request → InvalidInputError with every message', () => {
    const body = {
      ...stabilityErrorBodies.badRequest.body,
      errors: ['cfg_scale: must be at most 10', 'style_preset: must be one of …'],
    };
    const error = stabilityErrorFromResponse(answer({ status: 400, body }), context);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error.message).toContain('cfg_scale: must be at most 10; style_preset: must be one of');
  });

  it('429 without Retry-After → RateLimitError waiting out the 60 s penalty', () => {
    const error = stabilityErrorFromResponse(
      answer(stabilityErrorBodies.rateLimitExceeded, { 'x-request-id': 'req-429' }),
      context,
    );
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      retryAfterMs: stabilityRateLimitPenaltyMs,
      status: 429,
      providerCode: 'rate_limit_exceeded',
      requestId: 'req-429',
      retryable: true,
    });
    expect(stabilityRateLimitPenaltyMs).toBe(60_000);
    expect(error.message).toContain('timed out for 60 seconds');
  });

  it('429 with Retry-After → RateLimitError honouring the header', () => {
    const error = stabilityErrorFromResponse(
      answer(stabilityErrorBodies.rateLimitExceeded, { 'retry-after': '12' }),
      context,
    );
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(12_000);
  });

  it('401 → ProviderError naming the setting and the variable', () => {
    const error = stabilityErrorFromResponse(answer(stabilityErrorBodies.unauthorized), context);
    expect(ProviderError.isInstance(error) && !RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, providerCode: 'unauthorized', retryable: false });
    expect(error.message).toBe(
      'stability (HTTP 401): authorization: invalid or missing API key. Check the apiKey setting or STABILITY_API_KEY.',
    );
  });

  it('500 → retryable ProviderError with the name as providerCode', () => {
    const error = stabilityErrorFromResponse(answer(stabilityErrorBodies.internalError), context);
    expect(error).toMatchObject({ status: 500, providerCode: 'internal_error', retryable: true });
  });

  it('falls back to core’s mapping for bodies that are not Stability’s', () => {
    const html: ResponseLike = {
      status: 502,
      headers: { 'content-type': 'text/html' },
      url,
      text: () => '<html>Bad gateway</html>',
    };
    const error = stabilityErrorFromResponse(html, context);
    expect(ProviderError.isInstance(error) && error.status).toBe(502);
    expect(error.message).toContain('<html>Bad gateway</html>');
    const plain = stabilityErrorFromResponse({ ...html, status: 400, text: () => 'nope' }, context);
    expect(ProviderError.isInstance(plain) && plain.status).toBe(400);
  });
});

describe('parsing helpers', () => {
  it('parseStabilityError reads only well-formed error bodies', () => {
    expect(parseStabilityError(JSON.stringify(stabilityErrorBodies.badRequest.body))?.name).toBe(
      'bad_request',
    );
    expect(parseStabilityError('{"name":"x","errors":[]}')).toBeUndefined();
    expect(parseStabilityError('not json')).toBeUndefined();
  });

  it('parseSeed takes header strings and JSON numbers', () => {
    expect(parseSeed('343940597')).toBe(343_940_597);
    expect(parseSeed(42)).toBe(42);
    expect(parseSeed('abc')).toBeUndefined();
    expect(parseSeed(undefined)).toBeUndefined();
    expect(parseSeed(1.5)).toBeUndefined();
  });
});
