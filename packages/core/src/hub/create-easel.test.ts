import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { UnknownModelError } from '../errors/unknown-model-error.js';
import { createBehaviour, createFakeProvider, tinyPng } from './__fixtures__/fake-provider.js';
import { createEasel } from './create-easel.js';
import type { GenerateProgressEvent } from './generate-result.js';

function hub(behaviour = createBehaviour(), maxConcurrency = 8) {
  const provider = createFakeProvider(behaviour);
  return { provider, behaviour, easel: createEasel({ providers: [provider], maxConcurrency }) };
}

describe('model paths', () => {
  it('resolves the canonical path, the bare id, aliases and provider/alias, case-insensitively', () => {
    const { easel } = hub();
    for (const path of [
      'fake/sync-model',
      'sync-model',
      'FAKE/SYNC-MODEL',
      'fake-sync',
      'fake/fake-sync',
      'vendor/sync-model',
      '/Vendor/Sync-Model/',
    ]) {
      expect(easel.describe(path).path).toBe('fake/sync-model');
    }
  });

  it('suggests close paths for an unknown one', () => {
    const { easel } = hub();
    expect(() => easel.describe('sync-modle')).toThrow(UnknownModelError);
    try {
      easel.describe('fake/sync-modle');
    } catch (error) {
      expect(UnknownModelError.isInstance(error) && error.suggestions[0]).toBe('fake/sync-model');
      expect((error as Error).message).toMatch(
        /^Unknown model "fake\/sync-modle"\. Did you mean "fake\/sync-model"/,
      );
    }
  });

  it('asks to qualify a path that names models of two providers', () => {
    const easel = createEasel({
      providers: [
        createFakeProvider(createBehaviour(), 'one'),
        createFakeProvider(createBehaviour(), 'two'),
      ],
    });
    expect(easel.describe('one/sync-model').path).toBe('one/sync-model');
    expect(() => easel.describe('sync-model')).toThrow(
      'Model "sync-model" is ambiguous: it names one/sync-model, two/sync-model.',
    );
  });

  it('refuses bad hub options with a typed error naming each field', () => {
    expect(() =>
      createEasel({ providers: [createFakeProvider()], maxConcurrency: 0, timeoutMs: -5 }),
    ).toThrow(
      'Invalid input (2 problems):\n  - maxConcurrency: must be a positive whole number, received 0\n  - timeoutMs: must be a positive number of milliseconds, received -5',
    );
  });

  it('refuses providers of another specification version or with a duplicate id', () => {
    const legacy = { ...createFakeProvider(), specificationVersion: 'v0' } as unknown as ReturnType<
      typeof createFakeProvider
    >;
    expect(() => createEasel({ providers: [legacy] })).toThrow('implements specification v0');
    expect(() => createEasel({ providers: [createFakeProvider(), createFakeProvider()] })).toThrow(
      'two providers share the id "fake"',
    );
  });
});

describe('generate', () => {
  it('validates the input against the model before any call', async () => {
    const { easel, behaviour } = hub();
    await expect(
      easel.generate('sync-model', { prompt: 'x', stlye: 'vivid' } as never),
    ).rejects.toSatisfy(
      error =>
        InvalidInputError.isInstance(error) &&
        error.model === 'fake/sync-model' &&
        error.issues[0]?.suggestion === 'style',
    );
    expect(behaviour.calls).toHaveLength(0);
  });

  it('returns lazily converted images, warnings, usage and response info', async () => {
    const { easel } = hub();
    const result = await easel.generate('sync-model', {
      prompt: 'a deer',
      n: 2,
      negative_prompt: 'blur',
    } as never);
    expect(result.model).toEqual({
      path: 'fake/sync-model',
      provider: 'fake',
      modelId: 'sync-model',
    });
    expect(result.images).toHaveLength(2);
    expect(result.images[0]?.base64).toBe(tinyPng);
    expect(result.images[0]?.mediaType).toBe('image/png');
    expect(result.images[0]?.width).toBe(1);
    expect(result.warnings).toEqual([{ type: 'unsupported', feature: 'negative_prompt' }]);
    expect(result.usage).toEqual({ outputImageTokens: 20, cost: { amount: 2, unit: 'credits' } });
    expect(result.responses.map(response => response.id)).toEqual(['response-0']);
    expect(result.failures).toEqual([]);
  });

  it('splits n beyond the per-call maximum into ordered calls with distinct seeds, under the cap', async () => {
    const { easel, behaviour } = hub(createBehaviour({ delayMs: 20 }), 2);
    const result = await easel.generate('sync-model', { prompt: 'x', num_images: 7, seed: 100 });
    expect(behaviour.calls.map(call => call.input.n)).toEqual([2, 2, 2, 1]);
    expect(behaviour.calls.map(call => call.input.seed)).toEqual([100, 102, 104, 106]);
    expect(result.images.map(image => image.providerMetadata)).toEqual([
      { call: 0, index: 0 },
      { call: 0, index: 1 },
      { call: 1, index: 0 },
      { call: 1, index: 1 },
      { call: 2, index: 0 },
      { call: 2, index: 1 },
      { call: 3, index: 0 },
    ]);
    expect(result.images.map(image => image.seed)).toEqual([100, 100, 102, 102, 104, 104, 106]);
    expect(behaviour.maxActive).toBe(2);
    expect(result.usage?.cost).toEqual({ amount: 7, unit: 'credits' });
  });

  it('reports partial failures without throwing away the images that were made', async () => {
    const { easel } = hub(createBehaviour({ failCalls: new Set([1]) }));
    const result = await easel.generate('sync-model', { prompt: 'x', n: 6 });
    expect(result.images).toHaveLength(4);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]?.call).toBe(1);
    expect(ProviderError.isInstance(result.failures[0]?.error)).toBe(true);
    expect(result.warnings).toContainEqual({
      type: 'other',
      message:
        '1 of 3 calls failed; returning the images of the others. First failure: fake (HTTP 500): call 1 failed',
    });
    const all = hub(createBehaviour({ failCalls: new Set([0, 1]) }));
    await expect(all.easel.generate('sync-model', { prompt: 'x', n: 3 })).rejects.toThrow(
      'call 0 failed',
    );
  });

  it('wraps an adapter bug in a typed error', async () => {
    const { easel } = hub(createBehaviour({ throwPlainError: true }));
    await expect(easel.generate('sync-model', { prompt: 'x' })).rejects.toSatisfy(
      error =>
        ProviderError.isInstance(error) &&
        error.providerCode === 'adapter_error' &&
        /adapter bug/.test(error.message),
    );
  });

  it('honours the deadline and the abort signal, and passes both down to the adapter', async () => {
    const slow = hub(createBehaviour({ delayMs: 10_000 }));
    await expect(
      slow.easel.generate('sync-model', { prompt: 'x' }, { timeoutMs: 50 }),
    ).rejects.toSatisfy(error => TimeoutError.isInstance(error) && error.phase === 'total');
    expect(slow.behaviour.signals[0]?.aborted).toBe(true);

    const controller = new AbortController();
    const aborted = hub(createBehaviour({ delayMs: 10_000 }));
    const pending = aborted.easel.generate(
      'sync-model',
      { prompt: 'x', n: 4 },
      { abortSignal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toSatisfy(AbortError.isInstance);
    expect(aborted.behaviour.signals.every(signal => signal.aborted)).toBe(true);
  });

  it('refuses a bad timeout with a typed error', async () => {
    const { easel } = hub();
    await expect(
      easel.generate('sync-model', { prompt: 'x' }, { timeoutMs: Number.NaN }),
    ).rejects.toThrow('options.timeoutMs: must be a positive number of milliseconds, received NaN');
  });

  it('passes unknown fields through only when asked', async () => {
    const { easel, behaviour } = hub();
    await easel.generate('sync-model', { prompt: 'x', raw_mode: true } as never, {
      unknownKeys: 'passthrough',
    });
    expect(behaviour.calls[0]?.passthrough).toEqual({ raw_mode: true });
  });

  it('tags progress events with their call', async () => {
    const { easel } = hub();
    const events: GenerateProgressEvent[] = [];
    const job = await easel.submit('async-model', { prompt: 'x', n: 2 });
    await job.wait({ onProgress: event => events.push(event), pollInterval: { initialMs: 1 } });
    expect(events).toContainEqual({
      type: 'pending',
      jobId: 'job-0',
      status: 'Pending',
      progress: 0.5,
      call: 0,
    });
    expect(events).toContainEqual({
      type: 'pending',
      jobId: 'job-1',
      status: 'Pending',
      progress: 0.5,
      call: 1,
    });
  });
});

describe('jobs', () => {
  it('submits asynchronous jobs and resumes them from the id in a fresh hub', async () => {
    const first = hub();
    const job = await first.easel.submit('async-model', { prompt: 'x', n: 2, seed: 9 });
    expect(job.resumable).toBe(true);
    expect(job.status).toBe('running');
    expect(job.id.startsWith('ej1_')).toBe(true);
    expect(first.behaviour.polls.size).toBe(0);

    const restarted = hub(first.behaviour);
    const resumed = restarted.easel.resume(job.id);
    expect(resumed.model.path).toBe('fake/async-model');
    const result = await resumed.wait({ pollInterval: { initialMs: 1 } });
    expect(result.images.map(image => image.seed)).toEqual([9, 10]);
    expect(resumed.status).toBe('succeeded');
    expect(() => restarted.easel.resume('ej1_not-a-job')).toThrow(InvalidInputError);
  });

  it('cancels asynchronous jobs upstream', async () => {
    const { easel, provider } = hub();
    const job = await easel.submit('async-model', { prompt: 'x' });
    await job.cancel();
    expect(job.status).toBe('canceled');
    expect(provider.asyncModel.cancelled).toEqual(['job-0']);
  });

  it('runs synchronous models in the background, waits and cancels them', async () => {
    const { easel } = hub(createBehaviour({ delayMs: 30 }));
    const job = await easel.submit('sync-model', { prompt: 'x', n: 3 });
    expect(job.resumable).toBe(false);
    const result = await job.wait();
    expect(result.images).toHaveLength(3);
    expect(job.status).toBe('succeeded');

    const slow = hub(createBehaviour({ delayMs: 10_000 }));
    const cancelled = await slow.easel.submit('sync-model', { prompt: 'x' });
    await cancelled.cancel();
    await expect(cancelled.wait()).rejects.toSatisfy(AbortError.isInstance);
    expect(cancelled.status).toBe('canceled');
  });
});

describe('models()', () => {
  it('describes every model with capabilities and a JSON Schema of its input', () => {
    const { easel } = hub();
    const models = easel.models();
    expect(models.map(model => model.path)).toEqual(['fake/sync-model', 'fake/async-model']);
    const sync = models[0]!;
    expect(sync.paths).toEqual([
      'fake/sync-model',
      'sync-model',
      'fake-sync',
      'fake/fake-sync',
      'Vendor/Sync-Model',
    ]);
    expect(sync.capabilities.maxImagesPerCall).toBe(2);
    const schema = sync.inputSchema as {
      properties: Record<string, { type?: string; enum?: string[]; anyOf?: unknown[] }>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.required).toEqual(['prompt']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.prompt?.type).toBe('string');
    expect(schema.properties.style?.enum).toEqual(['vivid', 'natural']);
    expect(schema.properties.output_format?.enum).toEqual(['png', 'jpeg', 'jpg', 'webp']);
    expect(JSON.stringify(schema.properties.image)).toContain('"type":"string"');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['n', 'size', 'aspect_ratio', 'seed', 'images', 'mask', 'num_images']),
    );
  });
});
