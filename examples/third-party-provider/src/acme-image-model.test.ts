import {
  ContentFilteredError,
  createEasel,
  InvalidInputError,
  ProviderError,
  RateLimitError,
} from '@easel/core';
import { type Simulator, synthesizeImage } from '@easel/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acmeTestPrompts, startAcmeSimulator } from './__fixtures__/acme-simulator.js';
import { createAcme } from './acme-provider.js';

let simulator: Simulator;
let easel: ReturnType<typeof hub>;

function hub() {
  return createEasel({
    providers: [
      createAcme({ apiKey: 'acme-test-key', baseURL: simulator.url, retry: { baseDelayMs: 1 } }),
    ],
  });
}

beforeAll(async () => {
  simulator = await startAcmeSimulator({ apiKey: 'acme-test-key' });
  easel = hub();
});
afterAll(() => simulator.close());
afterEach(() => simulator.reset());

const sent = () => simulator.requests.map(request => request.json<Record<string, unknown>>());

describe('acme-1', () => {
  it('maps the common fields to Acme’s wire names in one request', async () => {
    const result = await easel.generate('acme/acme-1', {
      prompt: 'a red fox',
      n: 3,
      size: '1536x1024',
      seed: 42,
      negative_prompt: 'blur',
      output_format: 'webp',
      style: 'illustration',
    });
    expect(sent()).toEqual([
      {
        model: 'acme-1',
        prompt: 'a red fox',
        num_outputs: 3,
        width: 1536,
        height: 1024,
        output: 'webp',
        seed: 42,
        avoid: 'blur',
        style: 'illustration',
      },
    ]);
    expect(result.warnings).toEqual([]);
    expect(
      result.images.map(image => [image.mediaType, image.width, image.height, image.seed]),
    ).toEqual([
      ['image/webp', 1536, 1024, 42],
      ['image/webp', 1536, 1024, 43],
      ['image/webp', 1536, 1024, 44],
    ]);
    expect(result.usage?.cost).toEqual({ amount: 3, unit: 'credits' });
  });

  it('accepts Acme’s own names (num_outputs, avoid, reference_image) and sends the image as base64', async () => {
    const png = synthesizeImage({ width: 64, height: 64, format: 'png', seed: 1 });
    await easel.generate('acme-1', {
      prompt: 'the same fox in winter',
      num_outputs: 2,
      avoid: 'people',
      reference_image: png,
      reference_strength: 0.25,
    });
    expect(sent()[0]).toMatchObject({
      num_outputs: 2,
      avoid: 'people',
      reference_image: Buffer.from(png).toString('base64'),
      reference_strength: 0.25,
    });
  });

  it('snaps an unsupported size and reports it', async () => {
    const result = await easel.generate('acme-1', { prompt: 'x', size: '1000x1000' });
    expect(sent()[0]).toMatchObject({ width: 1024, height: 1024 });
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'approximated',
        feature: 'size',
        requested: '1000x1000',
        used: '1024x1024',
      }),
    ]);
  });

  it('refuses invalid input before any request', async () => {
    const error = await easel
      .generate('acme-1', { prompt: 'x', reference_strength: 0.5 })
      .catch(caught => caught);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues[0]?.path).toEqual(['reference_strength']);
    expect(simulator.requests).toHaveLength(0);
  });
});

describe('acme-1-lite', () => {
  it('sends an aspect ratio, drops what it cannot honour and says so', async () => {
    const result = await easel.generate('acme/acme-1-lite', {
      prompt: 'x',
      size: '1920x1080',
      seed: 3,
      negative_prompt: 'fog',
      output_format: 'webp',
    });
    expect(sent()).toEqual([
      { model: 'acme-1-lite', prompt: 'x', num_outputs: 1, aspect: '16:9', output: 'png' },
    ]);
    expect(
      result.warnings.map(warning => [warning.type, 'feature' in warning && warning.feature]),
    ).toEqual([
      ['unsupported', 'seed'],
      ['unsupported', 'negative_prompt'],
      ['approximated', 'output_format'],
      ['approximated', 'size'],
    ]);
    expect(result.images[0]).toMatchObject({ width: 1344, height: 768, mediaType: 'image/png' });
  });
});

describe('errors', () => {
  it('maps a 400 naming a wire field to the caller’s field', async () => {
    simulator.inject({
      times: 1,
      fault: {
        type: 'respond',
        status: 400,
        body: { error: { type: 'invalid_request', message: 'bad avoid', field: 'avoid' } },
      },
    });
    const error = await easel.generate('acme-1', { prompt: 'x' }).catch(caught => caught);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues[0]?.path).toEqual(['negative_prompt']);
  });

  it('maps moderation, credits and rate limits to typed errors', async () => {
    const blocked = await easel
      .generate('acme-1', { prompt: acmeTestPrompts.blocked })
      .catch(caught => caught);
    expect(ContentFilteredError.isInstance(blocked)).toBe(true);
    expect(blocked).toMatchObject({ stage: 'input', billed: false });
    const credits = await easel
      .generate('acme-1', { prompt: acmeTestPrompts.noCredits })
      .catch(caught => caught);
    expect(ProviderError.isInstance(credits)).toBe(true);
    expect(credits).toMatchObject({
      status: 402,
      providerCode: 'insufficient_credits',
      retryable: false,
    });
    simulator.inject({
      times: 3,
      fault: {
        type: 'respond',
        status: 429,
        headers: { 'retry-after': '30' },
        body: { error: { type: 'rate_limited' } },
      },
    });
    const limited = await easel
      .generate('acme-1', { prompt: 'x' }, { timeoutMs: 5_000 })
      .catch(caught => caught);
    expect(RateLimitError.isInstance(limited)).toBe(true);
    expect(limited).toMatchObject({ retryAfterMs: 30_000 });
  });

  it('retries a 503 and succeeds', async () => {
    simulator.inject({
      times: 1,
      fault: { type: 'respond', status: 503, body: { error: { type: 'server_error' } } },
    });
    const result = await easel.generate('acme-1', { prompt: 'x' });
    expect(result.images).toHaveLength(1);
    expect(simulator.requests).toHaveLength(2);
  });
});
