import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './__fixtures__/gateway-harness.js';
import { call, type ErrorBody } from './__fixtures__/http-client.js';
import { rawRequest } from './__fixtures__/raw-request.js';

const key = 'gw-matrix-0123456789abcdef';
const auth = { authorization: `Bearer ${key}` };
const bodyBytes = 64 * 1024;
let harness: GatewayHarness;
let predictions: string;

beforeAll(async () => {
  harness = await startGatewayHarness({ gateway: { apiKeys: [key], limits: { bodyBytes } } });
  predictions = `${harness.url}/v1/models/ref-sync/predictions`;
});
afterAll(() => harness.close());

const post = (raw: string, headers: Record<string, string> = {}) =>
  call<ErrorBody>('POST', predictions, {
    raw,
    headers: { 'content-type': 'application/json', ...auth, ...headers },
  });

function issuePaths(body: ErrorBody): string[] {
  const issues = (body.error.details.issues ?? []) as Array<{ path: Array<string | number> }>;
  return issues.map(issue => issue.path.join('.'));
}

describe('authentication', () => {
  it.each([
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer gw-matrix-0123456789abcdeX' }],
    ['a malformed header', { authorization: key }],
  ])('answers 401 to %s', async (_, headers) => {
    const {
      status,
      headers: answer,
      body,
    } = await call('POST', predictions, {
      body: { input: { prompt: 'x' } },
      headers,
    });
    expect(status).toBe(401);
    expect(answer.get('www-authenticate')).toBe('Bearer realm="easel"');
    expect(body.error).toMatchObject({ code: 'unauthorized' });
    expect(body.error.message).toContain('Authorization: Bearer');
  });

  it('answers 401 before reading the body', async () => {
    const { status, text } = await rawRequest(
      predictions,
      `POST /v1/models/ref-sync/predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50000`,
      '{"input":',
    );
    expect(status).toBe(401);
    expect(text).toContain('"unauthorized"');
  });

  it('refuses an Expect: 100-continue upload without inviting the body', async () => {
    const { status } = await rawRequest(
      predictions,
      `POST /v1/models/ref-sync/predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nExpect: 100-continue`,
    );
    expect(status).toBe(401);
  });

  it('invites the body of an authorised Expect: 100-continue upload', async () => {
    const { status, text } = await rawRequest(
      predictions,
      `POST /v1/models/ref-sync/predictions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 50\r\nExpect: 100-continue`,
    );
    expect(status).toBe(100);
    expect(text.startsWith('HTTP/1.1 100 Continue')).toBe(true);
  });

  it('lets health checks and file URLs through without a key', async () => {
    expect((await call('GET', `${harness.url}/healthz`)).status).toBe(200);
    expect((await call('GET', `${harness.url}/v1/files/f_AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(
      404,
    );
    expect((await call('GET', `${harness.url}/metrics`)).status).toBe(401);
    expect((await call('GET', `${harness.url}/v1/models`)).status).toBe(401);
  });
});

describe('bad requests', () => {
  it('refuses malformed JSON with 400 naming the body', async () => {
    for (const raw of ['{', '{"input": {"prompt": "x",}}', 'input=1', '[1,2', '{"input":{}}}']) {
      const { status, body } = await post(raw);
      expect(status, raw).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_json', details: { field: 'body' } });
    }
  });

  it('refuses a body that is not an object with an input object', async () => {
    for (const [raw, path] of [
      ['[]', 'body'],
      ['"text"', 'body'],
      ['42', 'body'],
      ['null', 'body'],
      ['{}', 'input'],
      ['{"input": "a deer"}', 'input'],
      ['{"input": [1]}', 'input'],
      ['{"input": null}', 'input'],
    ] as const) {
      const { status, body } = await post(raw);
      expect(status, raw).toBe(400);
      expect(body.error.code).toBe('invalid_input');
      expect(issuePaths(body), raw).toEqual([path]);
    }
  });

  it('refuses an empty body', async () => {
    const { status, body } = await post('');
    expect(status).toBe(400);
    expect(issuePaths(body)).toEqual(['body']);
  });

  it('lists every problem of the input, with paths from the body', async () => {
    const { status, body } = await post(
      JSON.stringify({ input: { prompt: 42, n: 'two', size: { w: 1 }, sise: '1x1' } }),
    );
    expect(status).toBe(400);
    expect(issuePaths(body).sort()).toEqual([
      'input.n',
      'input.prompt',
      'input.sise',
      'input.size',
    ]);
    const unknown = (
      body.error.details.issues as Array<{ path: string[]; suggestion?: string }>
    ).find(issue => issue.path[1] === 'sise');
    expect(unknown?.suggestion).toBe('size');
    expect(body.error.message).toContain('input.prompt');
  });

  it('refuses unknown top-level fields with a suggestion', async () => {
    const { status, body } = await post(
      JSON.stringify({ input: { prompt: 'x' }, webhok: 'https://a.example' }),
    );
    expect(status).toBe(400);
    expect(body.error.details.issues).toEqual([
      expect.objectContaining({ path: ['webhok'], suggestion: 'webhook' }),
    ]);
  });

  it('refuses a wrong webhook_events_filter', async () => {
    const { status, body } = await post(
      JSON.stringify({
        input: { prompt: 'x' },
        webhook: 'https://a.example/h',
        webhook_events_filter: ['done'],
      }),
    );
    expect(status).toBe(400);
    expect(issuePaths(body)).toEqual(['webhook_events_filter.0']);
  });

  it('answers 404 with suggestions for an unknown model', async () => {
    const { status, body } = await call(
      'POST',
      `${harness.url}/v1/models/reference/ref-synk/predictions`,
      {
        body: { input: { prompt: 'x' } },
        headers: auth,
      },
    );
    expect(status).toBe(404);
    expect(body.error.details.suggestions).toContain('reference/ref-sync');
  });

  it('answers 413 from Content-Length without reading the body', async () => {
    const { status, text } = await rawRequest(
      predictions,
      `POST /v1/models/ref-sync/predictions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}`,
      '{"input":{"prompt":"',
    );
    expect(status).toBe(413);
    expect(text).toContain('"body_too_large"');
    expect(text.toLowerCase()).toContain('connection: close');
  });

  it('answers 413 while reading a chunked body that grows past the limit', async () => {
    const chunks = (async function* () {
      yield new TextEncoder().encode('{"input":{"prompt":"');
      for (let sent = 0; sent < bodyBytes * 2; sent += 16 * 1024)
        yield new Uint8Array(16 * 1024).fill(120);
      yield new TextEncoder().encode('"}}');
    })();
    const response = await fetch(predictions, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: ReadableStream.from(chunks),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.code).toBe('body_too_large');
  });

  it('answers 415 to bodies that are not JSON', async () => {
    for (const type of [
      'text/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
    ]) {
      const { status, body } = await post('<input/>', { 'content-type': type });
      expect(status, type).toBe(415);
      expect(body.error.code).toBe('unsupported_media_type');
    }
  });

  it("accepts JSON sent with curl's default form content type", async () => {
    const { status } = await post(JSON.stringify({ input: { prompt: 'x', size: '512x512' } }), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(status).toBe(201);
  });

  it('answers 404 in the error shape for unknown routes', async () => {
    const { status, body } = await call('GET', `${harness.url}/v2/nothing`, { headers: auth });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      code: 'not_found',
      message: 'No route for GET /v2/nothing.',
    });
  });

  it('never answers a generated bad body with a 5xx, and never calls the provider', async () => {
    const before = harness.count('POST', '/v1/images');
    const known = [
      'prompt',
      'n',
      'size',
      'aspect_ratio',
      'seed',
      'negative_prompt',
      'output_format',
      'image',
      'images',
      'mask',
      'quality',
      'count',
    ];
    const unknownKey = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter(key => !known.includes(key) && key !== '__proto__');
    const notAString = fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    );
    const badInput = fc.oneof(
      fc.record({ prompt: notAString }),
      fc.record({ prompt: fc.constant('') }),
      fc.record({ prompt: fc.string({ minLength: 1001, maxLength: 1200 }) }),
      fc.record({
        prompt: fc.constant('ok'),
        n: fc.oneof(
          fc.integer({ min: 17 }),
          fc.integer({ max: 0 }),
          fc.double({ noInteger: true }),
          fc.string(),
        ),
      }),
      fc.record({
        prompt: fc.constant('ok'),
        size: fc.oneof(
          fc.string().filter(size => !/^\d+x\d+$/.test(size)),
          fc.integer(),
          fc.boolean(),
        ),
      }),
      fc.record({
        prompt: fc.constant('ok'),
        seed: fc.oneof(
          fc.integer({ min: -1000, max: -1 }),
          fc.string(),
          fc.double({ noInteger: true }),
        ),
      }),
      fc.record({
        prompt: fc.constant('ok'),
        images: fc.oneof(
          fc.integer(),
          fc.array(fc.integer(), { minLength: 1, maxLength: 2 }),
          fc.constant(['not an image!']),
        ),
      }),
      fc
        .tuple(unknownKey, fc.jsonValue({ maxDepth: 2 }))
        .map(([name, value]) => ({ prompt: 'ok', [name]: value })),
    );
    const badBody = fc.oneof(
      fc.string({ maxLength: 200 }).filter(text => {
        try {
          const value = JSON.parse(text) as unknown;
          return !(typeof value === 'object' && value !== null && 'input' in value);
        } catch {
          return true;
        }
      }),
      fc
        .jsonValue({ maxDepth: 3 })
        .filter(
          value =>
            !(
              typeof value === 'object' &&
              value !== null &&
              !Array.isArray(value) &&
              'input' in value
            ),
        )
        .map(value => JSON.stringify(value) ?? 'null'),
      badInput.map(input => JSON.stringify({ input })),
      fc
        .tuple(
          unknownKey.filter(name => !['input', 'webhook', 'webhook_events_filter'].includes(name)),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([name, value]) => JSON.stringify({ input: { prompt: 'ok' }, [name]: value })),
      fc
        .record({
          input: fc.oneof(
            fc.string(),
            fc.integer(),
            fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
            fc.constant(null),
          ),
        })
        .map(body => JSON.stringify(body)),
      fc
        .integer({ min: bodyBytes + 1, max: bodyBytes * 2 })
        .map(size => JSON.stringify({ input: { prompt: 'x'.repeat(size) } })),
    );
    await fc.assert(
      fc.asyncProperty(badBody, async raw => {
        const { status, body } = await post(raw);
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        expect(body.error.code).toEqual(expect.any(String));
        expect(body.error.message.length).toBeGreaterThan(0);
        const named =
          body.error.details.field === 'body' ||
          issuePaths(body).length > 0 ||
          body.error.code === 'body_too_large';
        expect(named, JSON.stringify(body)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(harness.count('POST', '/v1/images')).toBe(before);
  }, 120_000);
});

describe('request ids', () => {
  it('echoes a caller x-request-id and makes one otherwise', async () => {
    const given = await call('GET', `${harness.url}/healthz`, {
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
    const made = await call('GET', `${harness.url}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
    const bad = await call('GET', `${harness.url}/healthz`, {
      headers: { 'x-request-id': 'has spaces in it' },
    });
    expect(bad.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
