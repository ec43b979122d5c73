import { describe, expect, it, vi } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import {
  download,
  ideogramForm,
  imageBlob,
  post,
  postForm,
  testApiKey,
  urlsOf,
  useIdeogramSimulator,
} from './__fixtures__/ideogram-client.js';
import type { IdeogramSimulatorOptions } from './ideogram-simulator-options.js';
import { ideogramTestPrompts } from './ideogram-test-prompts.js';
import { startIdeogramSimulator } from './start-ideogram-simulator.js';

const simulator = useIdeogramSimulator();

/** A valid body of each operation. */
const operationFields = {
  generate: () => ({ prompt: 'A cat' }),
  edit: () => ({ prompt: 'A cat', image: imageBlob(8, 8), mask: imageBlob(8, 8) }),
  remix: () => ({ prompt: 'A cat', image: imageBlob(8, 8) }),
  reframe: () => ({ image: imageBlob(8, 8), resolution: '1024x1024' }),
  'replace-background': () => ({ prompt: 'A cat', image: imageBlob(8, 8) }),
} as const;

describe('Api-Key', () => {
  it.each([
    ['generate', 401],
    ['edit', 401],
    ['remix', 403],
    ['reframe', 401],
    ['replace-background', 401],
  ] as const)('refuses %s without a key with %i', async (operation, status) => {
    const answer = await post(
      simulator(),
      operation,
      ideogramForm(operationFields[operation]()),
      {},
    );

    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toEqual({
      type: 'about:blank',
      title: status === 401 ? 'Unauthorized' : 'Forbidden',
      status,
      detail: 'No API key provided: send it in the Api-Key header.',
    });
  });

  it.each([
    ['a wrong key', { 'api-key': 'not-the-key-at-all' }],
    ['a blank key', { 'api-key': '   ' }],
    ['a bearer token instead', { authorization: `Bearer ${testApiKey}` }],
  ])('refuses %s with 401, never echoing it', async (_name, headers) => {
    const answer = await post(simulator(), 'generate', ideogramForm({ prompt: 'A cat' }), headers);

    expect(answer.status).toBe(401);
    expect(answer.body.detail).toMatch(/^(No API key provided|Provided API key is not valid)/);
    expect(JSON.stringify(answer.body)).not.toContain('not-the-key-at-all');
  });

  it('accepts any non-empty key when no apiKey is configured', async () => {
    const open = await startIdeogramSimulator();
    try {
      const answer = await post(open, 'generate', ideogramForm({ prompt: 'A cat' }), {
        'api-key': 'anything',
      });
      expect(answer.status).toBe(200);
      expect(open.errors).toEqual([]);
    } finally {
      await open.close();
    }
  });
});

describe('routes', () => {
  it.each([
    '/v1/ideogram-v3/upscale',
    '/v1/ideogram-v3/generate/',
    '/v1/ideogram-v4/generate',
    '/generate',
    '/api/images/ephemeral/abc.png',
  ])('answers POST %s with 404, key or not', async path => {
    for (const headers of [{ 'api-key': testApiKey }, {}] as Record<string, string>[]) {
      const response = await fetch(`${simulator().url}${path}`, {
        method: 'POST',
        headers,
        body: ideogramForm({ prompt: 'A cat' }),
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ title: 'Not Found', status: 404 });
    }
  });

  it('answers another method with 405 and Allow', async () => {
    const response = await fetch(`${simulator().url}/v1/ideogram-v3/generate`, {
      headers: { 'api-key': testApiKey },
    });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ title: 'Method Not Allowed', status: 405 });
  });

  it('keeps fault injection working', async () => {
    simulator().inject({
      match: { method: 'POST', path: '/v1/ideogram-v3/generate' },
      times: 1,
      fault: { type: 'respond', status: 503, body: { detail: 'down' } },
    });

    const faulted = await postForm(simulator(), 'generate', { prompt: 'A cat' });
    const next = await postForm(simulator(), 'generate', { prompt: 'A cat' });

    expect(faulted.status).toBe(503);
    expect(next.status).toBe(200);
    expect(simulator().requests.at(-2)?.fault).toBe('respond');
  });
});

describe('file origin', () => {
  async function resultUrl(): Promise<URL> {
    const answer = await postForm(simulator(), 'generate', { prompt: 'A cat' });
    return new URL(urlsOf(answer)[0]!);
  }

  it('needs no key and ignores one', async () => {
    const url = await resultUrl();

    const without = await download(url.href);
    const wrong = await download(url.href, { 'api-key': 'wrong-key' });

    expect(without.status).toBe(200);
    expect(wrong.status).toBe(200);
    expect(wrong.bytes.equals(without.bytes)).toBe(true);
  });

  it('records downloads and takes faults of its own', async () => {
    const url = await resultUrl();
    const before = simulator().deliveryRequests().length;
    simulator().injectDelivery({
      match: { method: 'GET' },
      times: 1,
      fault: { type: 'respond', status: 503 },
    });

    const failed = await download(url.href, { 'x-trace': 'first' });
    const served = await download(url.href);

    expect(url.origin).toBe(simulator().deliveryUrl);
    expect(failed.status).toBe(503);
    expect(served.status).toBe(200);
    const recorded = simulator().deliveryRequests().slice(before);
    expect(recorded.map(request => [request.method, request.headers['x-trace']])).toEqual([
      ['GET', 'first'],
      ['GET', undefined],
    ]);
  });

  it('is not the API origin, which does not serve results', async () => {
    const url = await resultUrl();
    const onApi = await fetch(`${simulator().url}${url.pathname}${url.search}`);

    expect(url.origin).toBe(simulator().origins[1]);
    expect(simulator().origins).toEqual([simulator().url, url.origin]);
    expect(onApi.status).toBe(404);
  });

  it.each([
    [
      'a changed signature',
      (url: URL) => url.searchParams.set('sig', '0'.repeat(64)),
      'the link signature does not match',
    ],
    [
      'a later expiry',
      (url: URL) => url.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600)),
      'the link signature does not match',
    ],
    [
      'another image id',
      (url: URL) => {
        url.pathname = url.pathname.replace(/[0-9A-Za-z](\.png)$/, 'Z$1');
      },
      'the link signature does not match',
    ],
    ['no signature', (url: URL) => url.searchParams.delete('sig'), 'the link is not signed'],
  ])('refuses %s with 403 and a short text body', async (_name, tamper, reason) => {
    const url = await resultUrl();
    tamper(url);

    const response = await fetch(url);

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(`Forbidden: ${reason}.`);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    const url = await resultUrl();

    const missing = await fetch(`${url.origin}/api/images/ephemeral/nope.png`);
    const posted = await fetch(url, { method: 'POST' });

    expect(missing.status).toBe(404);
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses expired URLs with 403', async () => {
    const expiring = await startIdeogramSimulator({ urlTtlMs: 0 });
    try {
      const answer = await postForm(expiring, 'generate', { prompt: 'A cat' });
      const response = await fetch(urlsOf(answer)[0]!);

      expect(response.status).toBe(403);
      expect(await response.text()).toBe('Forbidden: the link has expired.');
      expect(expiring.errors).toEqual([]);
    } finally {
      await expiring.close();
    }
  });
});

describe('test prompts', () => {
  it('answers unsafePrompt with the spec 422 body', async () => {
    for (const operation of ['generate', 'edit', 'remix', 'replace-background'] as const) {
      const answer = await postForm(simulator(), operation, {
        ...operationFields[operation](),
        prompt: `A cat ${ideogramTestPrompts.unsafePrompt}`,
      });

      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.body).toEqual({
        error: 'Prompt provided failed safety check due to the inclusion of prohibited content.',
      });
    }
  });

  it('filters the first image out with unsafeOne', async () => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: `A cat ${ideogramTestPrompts.unsafeOne}`,
      num_images: '3',
    });

    expect(answer.status).toBe(200);
    expect(answer.body.data?.map(item => [item.is_image_safe, item.url === null])).toEqual([
      [false, true],
      [true, false],
      [true, false],
    ]);
    expect(answer.body.data?.[0]).toMatchObject({ resolution: '1024x1024' });
  });

  it('filters every image out with unsafeAll', async () => {
    const answer = await postForm(simulator(), 'remix', {
      ...operationFields.remix(),
      prompt: `A cat ${ideogramTestPrompts.unsafeAll}`,
      num_images: '2',
    });

    expect(answer.status).toBe(200);
    expect(answer.body.data?.map(item => [item.is_image_safe, item.url])).toEqual([
      [false, null],
      [false, null],
    ]);
  });

  it('answers rateLimited with 429 problem details and no Retry-After', async () => {
    const answer = await postForm(simulator(), 'generate', {
      prompt: `A cat ${ideogramTestPrompts.rateLimited}`,
    });

    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.body).toEqual({
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'Too many requests: the rate limit for this API key has been reached.',
    });
  });
});

describe('in-flight limit', () => {
  /** Runs a test against its own simulator, closing it (and any request it holds) afterwards. */
  async function withSimulator(
    options: IdeogramSimulatorOptions,
    test: (running: Simulator) => Promise<void>,
  ): Promise<void> {
    const running = await startIdeogramSimulator(options);
    try {
      await test(running);
      expect(running.errors).toEqual([]);
    } finally {
      await running.close();
    }
  }
  const generate = (running: Simulator, key: string, prompt = 'A cat') =>
    post(running, 'generate', ideogramForm({ prompt }), { 'api-key': key });
  /** Starts a request a latency fault holds, swallowing the failure `close()` gives it. */
  const hold = (running: Simulator, key: string, prompt: string) => {
    const answer = generate(running, key, prompt);
    answer.catch(() => undefined);
    return answer;
  };
  const recorded = (running: Simulator, count: number) =>
    vi.waitFor(() => expect(running.requests.length).toBeGreaterThanOrEqual(count));

  it('refuses one request more than maxInFlight per key with 429', async () => {
    await withSimulator({ maxInFlight: 2 }, async running => {
      running.inject({ times: 2, fault: { type: 'latency', ms: 60_000 } });
      hold(running, 'key-a', 'first');
      hold(running, 'key-a', 'second');
      await recorded(running, 2);

      const refused = await generate(running, 'key-a', 'third');
      const otherKey = await generate(running, 'key-b');

      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Too many requests in flight: at most 2 concurrent requests per API key.',
      });
      expect(otherKey.status).toBe(200);
    });
  });

  it('admits again once the held requests are answered', async () => {
    await withSimulator({ maxInFlight: 1 }, async running => {
      running.inject({ times: 1, fault: { type: 'latency', ms: 50 } });
      const first = await generate(running, 'key-a', 'first');
      const second = await generate(running, 'key-a', 'second');

      expect([first.status, second.status]).toEqual([200, 200]);
      expect(running.requests[0]?.fault).toBe('latency');
    });
  });

  it('refuses the request that arrived over the limit even when all of them wait', async () => {
    await withSimulator({ maxInFlight: 2 }, async running => {
      running.inject({ times: 3, fault: { type: 'latency', ms: 1_000 } });
      const answers = [generate(running, 'key-a', 'one')];
      await recorded(running, 1);
      answers.push(generate(running, 'key-a', 'two'));
      await recorded(running, 2);
      answers.push(generate(running, 'key-a', 'three'));

      expect((await Promise.all(answers)).map(answer => answer.status)).toEqual([200, 200, 429]);
    });
  });

  it('does not count requests refused for their key', async () => {
    await withSimulator({ apiKey: testApiKey, maxInFlight: 1 }, async running => {
      running.inject({ times: 1, fault: { type: 'latency', ms: 60_000 } });
      hold(running, 'wrong-key', 'held');
      await recorded(running, 1);

      const right = await generate(running, testApiKey);

      expect(right.status).toBe(200);
    });
  });

  it('does not count requests a fault answers instead of the handler', async () => {
    await withSimulator({ maxInFlight: 1 }, async running => {
      running.inject({ times: 1, fault: { type: 'stall', when: 'before-headers' } });
      hold(running, 'key-a', 'stalled');
      await recorded(running, 1);

      const next = await generate(running, 'key-a');

      expect(next.status).toBe(200);
    });
  });
});

describe('lifecycle', () => {
  it('resets recorded requests', async () => {
    await postForm(simulator(), 'generate', { prompt: 'A cat' });
    expect(simulator().requests.length).toBeGreaterThan(0);

    simulator().reset();

    expect(simulator().requests).toEqual([]);
  });

  it('closes both origins', async () => {
    const closing = await startIdeogramSimulator();
    const [api, files] = closing.origins;
    const answer = await post(closing, 'generate', ideogramForm({ prompt: 'A cat' }), {
      'api-key': 'any',
    });
    const url = urlsOf(answer)[0]!;
    expect(url.startsWith(`${files}/`)).toBe(true);

    await closing.close();
    await closing.close();

    await expect(fetch(url)).rejects.toThrow();
    await expect(fetch(`${api}/v1/ideogram-v3/generate`, { method: 'POST' })).rejects.toThrow();
  });

  it.each([
    [{ urlTtlMs: -1 }, 'urlTtlMs must be a number >= 0'],
    [{ urlTtlMs: Number.NaN }, 'urlTtlMs must be a number >= 0'],
    [{ maxInFlight: 0 }, 'maxInFlight must be a positive integer'],
    [{ maxInFlight: 1.5 }, 'maxInFlight must be a positive integer'],
    [{ apiKey: ' ' }, 'apiKey must not be empty'],
    [{ seed: 0.5 }, 'seed must be an integer'],
  ])('refuses invalid options %j', async (options, message) => {
    await expect(startIdeogramSimulator(options)).rejects.toThrow(message);
  });

  it('draws different seeds with a different simulator seed', async () => {
    const [first, second] = await Promise.all([
      startIdeogramSimulator({ seed: 1 }),
      startIdeogramSimulator({ seed: 2 }),
    ]);
    try {
      const seeds = await Promise.all(
        [first!, second!].map(async running => {
          const answer = await post(running, 'generate', ideogramForm({ prompt: 'A cat' }), {
            'api-key': 'any',
          });
          return answer.body.data?.[0]?.seed;
        }),
      );
      expect(seeds[0]).not.toBe(seeds[1]);
    } finally {
      await Promise.all([first?.close(), second?.close()]);
    }
  });
});
