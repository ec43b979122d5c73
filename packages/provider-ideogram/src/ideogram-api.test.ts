import {
  ContentFilteredError,
  InvalidInputError,
  ProviderError,
  RateLimitError,
  type ResponseLike,
} from '@easel/core';
import { describe, expect, it } from 'vitest';
import {
  ideogramDownloadCredentials,
  ideogramErrorFromResponse,
  ideogramOperationUrl,
  parseIdeogramError,
} from './ideogram-api.js';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): ResponseLike {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    url: 'https://api.ideogram.ai/v1/ideogram-v3/generate',
    text: () => (typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

const context = {
  modelId: 'V3',
  operation: 'generate' as const,
  fields: ['prompt', 'num_images', 'resolution', 'style_codes'],
};

describe('parseIdeogramError', () => {
  it('reads every error shape Ideogram and its proxies answer', () => {
    expect(parseIdeogramError(answer(422, { error: 'failed safety check' }))).toEqual({
      message: 'failed safety check',
    });
    expect(
      parseIdeogramError(answer(400, { detail: 'bad resolution', title: 'Bad Request' })),
    ).toEqual({ message: 'bad resolution' });
    expect(
      parseIdeogramError(answer(429, { error: { message: 'Too many', code: 'rate_limited' } })),
    ).toEqual({ message: 'Too many', code: 'rate_limited' });
    expect(parseIdeogramError(answer(400, { message: 'nope' }))).toEqual({ message: 'nope' });
    expect(parseIdeogramError(answer(500, '<html>oops</html>'))).toBeUndefined();
  });
});

describe('ideogramErrorFromResponse', () => {
  it('maps 422 to ContentFilteredError at the input stage', () => {
    const error = ideogramErrorFromResponse(
      answer(422, {
        error: 'Prompt provided failed safety check due to the inclusion of prohibited content.',
      }),
      context,
    );
    expect(ContentFilteredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      stage: 'input',
      status: 422,
      reason: 'Prompt provided failed safety check due to the inclusion of prohibited content.',
    });
  });

  it('maps a 400 with a message to InvalidInputError, at the field it names', () => {
    const named = ideogramErrorFromResponse(
      answer(400, { detail: "'1000x1000' is not one of ['512x1536', …] - 'resolution'" }),
      context,
    );
    expect(InvalidInputError.isInstance(named)).toBe(true);
    expect((named as InvalidInputError).issues[0]?.path).toEqual(['resolution']);
    expect(named.message).toContain('Ideogram rejected the generate request: ');
    const count = ideogramErrorFromResponse(
      answer(400, { error: 'num_images must be at most 8' }),
      context,
    );
    expect((count as InvalidInputError).issues[0]?.path).toEqual(['n']);
    const whole = ideogramErrorFromResponse(answer(400, { error: 'Invalid input' }), context);
    expect((whole as InvalidInputError).issues[0]?.path).toEqual([]);
  });

  it('maps a 400 without a message to ProviderError', () => {
    const error = ideogramErrorFromResponse(answer(400, ''), context);
    expect(ProviderError.isInstance(error) && error.status).toBe(400);
    expect(InvalidInputError.isInstance(error)).toBe(false);
  });

  it('says the key was refused on 401 and 403', () => {
    for (const status of [401, 403]) {
      const error = ideogramErrorFromResponse(answer(status, { error: 'Unauthorized' }), context);
      expect(ProviderError.isInstance(error) && error.status).toBe(status);
      expect(error.message).toContain('Ideogram refused the API key ("Unauthorized")');
      expect(error.message).toContain('IDEOGRAM_API_KEY');
      expect((error as ProviderError).retryable).toBe(false);
    }
  });

  it('maps 429 to RateLimitError with Retry-After, and 5xx to a retryable ProviderError', () => {
    const limited = ideogramErrorFromResponse(
      answer(429, { error: 'Too many requests' }, { 'retry-after': '3' }),
      context,
    );
    expect(RateLimitError.isInstance(limited)).toBe(true);
    expect((limited as RateLimitError).retryAfterMs).toBe(3000);
    expect(limited.message).toContain('Too many requests');
    const failed = ideogramErrorFromResponse(answer(503, '<html>down</html>'), context);
    expect(ProviderError.isInstance(failed) && failed.retryable).toBe(true);
  });
});

describe('URLs and credentials', () => {
  it('builds operation URLs and offers the key to the API origin only', () => {
    expect(ideogramOperationUrl('https://api.ideogram.ai', 'replace-background')).toBe(
      'https://api.ideogram.ai/v1/ideogram-v3/replace-background',
    );
    expect(ideogramDownloadCredentials('https://proxy.example/ideogram', 'key-1')).toEqual({
      origin: 'https://proxy.example',
      headers: { 'api-key': 'key-1' },
    });
  });
});
