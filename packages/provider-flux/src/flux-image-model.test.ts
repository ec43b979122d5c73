import {
  AbortError,
  ContentFilteredError,
  createEasel,
  type GenerateProgressEvent,
  InvalidInputError,
  ProviderError,
  readImageMetadata,
  TimeoutError,
} from '@easel/core';
import { loadSharedSpec } from '@easel/specs';
import {
  type BflSimulator,
  bflOutputSize,
  bflTestPrompts,
  startBflSimulator,
} from '@easel/testkit/bfl';
import { OpenApiValidator } from '@easel/testkit/specs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFlux, type FluxProviderSettings } from './flux-provider.js';

const spec = new OpenApiValidator(loadSharedSpec('bfl.openapi.json'));
const apiKey = 'bfl-test-key-7c1e9a55d2';
let simulator: BflSimulator;

beforeAll(async () => {
  simulator = await startBflSimulator({ apiKey, jobDurationMs: 120 });
});
afterAll(() => simulator.close());
afterEach(() => {
  for (const request of simulator.requests.filter(candidate => candidate.method === 'POST')) {
    expect(
      spec.validateRequest(request.path, { contentType: 'application/json', body: request.json() }),
      request.path,
    ).toEqual([]);
  }
  expect(simulator.errors).toEqual([]);
  simulator.reset();
});

function provider(settings: FluxProviderSettings = {}) {
  return createFlux({
    apiKey,
    baseURL: simulator.url,
    downloads: { allowlist: [...simulator.origins] },
    pollInterval: { initialMs: 20, maxMs: 60 },
    ...settings,
  });
}
const hub = (settings: FluxProviderSettings = {}) =>
  createEasel({ providers: [provider(settings)] });
const wait = (milliseconds: number) => new Promise(resolve => setTimeout(resolve, milliseconds));

describe('model paths', () => {
  it('resolves every seed FLUX path and bfl/ and black-forest-labs/ for every model', () => {
    const easel = hub();
    const seedPaths: Record<string, string> = {
      'flux-kontext-max': 'bfl/flux-kontext-max',
      'flux-kontext-pro': 'bfl/flux-kontext-pro',
      'FLUX.1-Kontext-pro': 'bfl/flux-kontext-pro',
      'FLUX-1.1-pro': 'bfl/flux-pro-1.1',
      'bfl/FLUX.1-Kontext-pro': 'bfl/flux-kontext-pro',
      'bfl/flux-Kontext-pro': 'bfl/flux-kontext-pro',
    };
    for (const [path, canonical] of Object.entries(seedPaths))
      expect(easel.describe(path).path, path).toBe(canonical);
    for (const id of [
      'flux-kontext-pro',
      'flux-kontext-max',
      'flux-pro-1.1',
      'flux-pro-1.1-ultra',
      'flux-2-pro',
      'flux-2-max',
      'flux-2-flex',
    ]) {
      expect(easel.describe(`bfl/${id}`).path).toBe(`bfl/${id}`);
      expect(easel.describe(`black-forest-labs/${id}`).path).toBe(`bfl/${id}`);
    }
  });

  it.each([
    ['flux-kontext-max', { prompt: 'a deer by the lake', aspect_ratio: '16:9' }],
    [
      'FLUX.1-Kontext-pro',
      {
        prompt: 'a deer by the lake',
        input_image: 'https://images.example/deer.png',
        safety_tolerance: 6,
      },
    ],
    ['FLUX-1.1-pro', { prompt: 'a deer by the lake', width: 1024, height: 768 }],
    ['flux-pro-1.1-ultra', { prompt: 'a deer by the lake', raw: true }],
    ['flux-2-flex', { prompt: 'a deer by the lake', width: 1024, height: 1024, steps: 20 }],
  ])('%s generates a real image of the size BFL renders', async (path, input) => {
    const result = await hub().generate(path, input as never);
    const submitted = simulator.requests.find(request => request.method === 'POST')!;
    const image = result.images[0]!;
    expect(readImageMetadata(image.bytes)).toMatchObject(
      bflOutputSize(submitted.path.slice('/v1/'.length), submitted.json()),
    );
    expect(image.url).toMatch(new RegExp(`^${simulator.deliveryUrl}/`));
    expect(result.usage?.cost?.unit).toBe('credits');
  });
});

describe('the job', () => {
  it('reports submission and progress, and never sends the key to the delivery host', async () => {
    const events: GenerateProgressEvent[] = [];
    await hub().generate(
      'flux-kontext-pro',
      { prompt: 'x' },
      { onProgress: event => events.push(event) },
    );
    expect(events[0]).toMatchObject({ type: 'submitted', call: 0 });
    const pending = events.filter(event => event.type === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every(event => event.type === 'pending' && event.status === 'Pending')).toBe(
      true,
    );
    const polls = simulator.requests.filter(request => request.method === 'GET');
    expect(polls.every(request => request.headers['x-key'] === apiKey)).toBe(true);
    const deliveries = simulator.deliveryRequests();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.headers['x-key']).toBeUndefined();
  });

  it('polls through failing polls without ever submitting the job twice', async () => {
    simulator.inject({
      match: { method: 'GET' },
      times: 2,
      fault: { type: 'respond', status: 503, headers: { 'retry-after': '0' } },
    });
    simulator.inject({
      match: { method: 'GET' },
      times: 1,
      fault: { type: 'reset', when: 'after-request-body' },
    });
    simulator.inject({
      match: { method: 'GET' },
      times: 4,
      fault: { type: 'respond', status: 502 },
    });
    const result = await hub({
      retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 },
    }).generate('flux-kontext-pro', { prompt: 'x' });
    expect(result.images).toHaveLength(1);
    expect(simulator.requests.filter(request => request.method === 'POST')).toHaveLength(1);
    expect(simulator.submissions()).toBe(1);
  });

  it('ends at the deadline with a resumable TimeoutError, and sends nothing after it', async () => {
    const slow = await startBflSimulator({ apiKey, jobDurationMs: 60_000 });
    try {
      const easel = createEasel({
        providers: [
          createFlux({ apiKey, baseURL: slow.url, pollInterval: { initialMs: 20, maxMs: 40 } }),
        ],
      });
      const error = await easel
        .generate('flux-kontext-pro', { prompt: 'x' }, { timeoutMs: 400 })
        .catch((thrown: unknown) => thrown);
      expect(TimeoutError.isInstance(error)).toBe(true);
      const seen = slow.requests.length;
      await wait(300);
      expect(slow.requests.length).toBe(seen);
    } finally {
      await slow.close();
    }
  });

  it('stops polling on abort', async () => {
    const controller = new AbortController();
    const pending = hub().generate(
      'flux-kontext-pro',
      { prompt: 'x' },
      {
        abortSignal: controller.signal,
        onProgress: event => {
          if (event.type === 'pending') controller.abort();
        },
      },
    );
    await expect(pending).rejects.toSatisfy(AbortError.isInstance);
    const seen = simulator.requests.length;
    await wait(200);
    expect(simulator.requests.length).toBe(seen);
  });

  it('resumes a job by its id in a fresh hub, as after a restart', async () => {
    const job = await hub().submit('flux-kontext-pro', { prompt: 'a lighthouse' });
    expect(job.resumable).toBe(true);
    const restarted = hub();
    const result = await restarted.resume(job.id).wait();
    expect(result.images).toHaveLength(1);
    expect(simulator.submissions()).toBe(1);
  });

  it('maps moderation and failed jobs', async () => {
    await expect(
      hub().generate('flux-kontext-pro', { prompt: bflTestPrompts.requestModerated }),
    ).rejects.toSatisfy(
      error =>
        ContentFilteredError.isInstance(error) && error.stage === 'input' && error.billed === false,
    );
    await expect(
      hub().generate('flux-kontext-pro', { prompt: bflTestPrompts.contentModerated }),
    ).rejects.toSatisfy(
      error =>
        ContentFilteredError.isInstance(error) &&
        error.stage === 'output' &&
        error.billed === false,
    );
    await expect(
      hub().generate('flux-kontext-pro', { prompt: bflTestPrompts.error }),
    ).rejects.toSatisfy(
      error => ProviderError.isInstance(error) && error.providerCode === 'job_failed',
    );
  });

  it('refuses to poll a polling_url that is not BFL`s', async () => {
    simulator.inject({
      match: { method: 'POST' },
      times: 1,
      fault: {
        type: 'respond',
        status: 200,
        body: { id: 'x1', polling_url: 'https://evil.example/v1/get_result?id=x1' },
      },
    });
    await expect(hub().generate('flux-kontext-pro', { prompt: 'x' })).rejects.toSatisfy(
      error => ProviderError.isInstance(error) && error.providerCode === 'unsafe_url',
    );
    expect(simulator.requests.filter(request => request.method === 'GET')).toHaveLength(0);
  });

  it('stays under the active-task limit instead of collecting 429s', async () => {
    const limited = await startBflSimulator({
      apiKey: 'bfl-limit-key-0123456',
      jobDurationMs: 80,
      activeTaskLimit: 2,
    });
    try {
      const easel = createEasel({
        providers: [
          createFlux({
            apiKey: 'bfl-limit-key-0123456',
            baseURL: limited.url,
            downloads: { allowlist: [...limited.origins] },
            maxActiveTasks: 2,
            retry: false,
            pollInterval: { initialMs: 10, maxMs: 20 },
          }),
        ],
      });
      const result = await easel.generate('flux-kontext-pro', { prompt: 'x', n: 6 });
      expect(result.images).toHaveLength(6);
      expect(result.failures).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it('refuses generate with a webhook, and submits it as a job', async () => {
    await expect(
      hub().generate('flux-kontext-pro', { prompt: 'x', webhook_url: 'http://127.0.0.1:9/hook' }),
    ).rejects.toSatisfy(InvalidInputError.isInstance);
    expect(simulator.requests).toHaveLength(0);
  });
});
