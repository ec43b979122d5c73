import { Agent } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendRequest } from './__fixtures__/send-request.js';
import type { Simulator, StartSimulatorOptions } from './start-simulator.js';
import { startSimulator } from './start-simulator.js';
import type { SimulatorContext, WireHandler } from './wire-handler.js';

const running: Simulator[] = [];
const agents: Agent[] = [];

async function start(
  handler: WireHandler,
  options: Omit<StartSimulatorOptions, 'handler'> = {},
): Promise<Simulator> {
  const simulator = await startSimulator({ handler, ...options });
  running.push(simulator);
  return simulator;
}

function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  return agent;
}

afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await Promise.all(running.splice(0).map(simulator => simulator.close()));
});

const pixels = Buffer.from(Array.from({ length: 1024 }, (_, index) => (index * 7) % 256));

describe('startSimulator: responses', () => {
  it('answers JSON, text, bytes and empty bodies with fitting headers', async () => {
    const simulator = await start(request => {
      switch (request.path) {
        case '/json':
          return { body: { created: 1, data: [{ url: 'https://example.test/1.png' }] } };
        case '/text':
          return { body: 'plain words' };
        case '/bytes':
          return { headers: { 'Content-Type': 'image/png' }, body: new Uint8Array(pixels) };
        default:
          return { status: 204 };
      }
    });

    const json = await sendRequest(`${simulator.url}/json`);
    expect(json).toMatchObject({ ok: true, status: 200 });
    if (!json.ok) return;
    expect(json.headers['content-type']).toBe('application/json');
    expect(JSON.parse(json.body.toString())).toEqual({
      created: 1,
      data: [{ url: 'https://example.test/1.png' }],
    });
    expect(json.headers['content-length']).toBe(String(json.body.length));

    const text = await sendRequest(`${simulator.url}/text`);
    expect(text).toMatchObject({ ok: true, status: 200 });
    if (!text.ok) return;
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body.toString()).toBe('plain words');

    const bytes = await sendRequest(`${simulator.url}/bytes`);
    expect(bytes).toMatchObject({ ok: true, status: 200 });
    if (!bytes.ok) return;
    expect(bytes.headers['content-type']).toBe('image/png');
    expect(bytes.body.equals(pixels)).toBe(true);

    const empty = await sendRequest(`${simulator.url}/nothing`);
    expect(empty).toMatchObject({ ok: true, status: 204 });
    expect(empty.ok && empty.body.length).toBe(0);
    expect(empty.ok && empty.headers['content-length']).toBeUndefined();
  });

  it('passes any status and headers, and hands HEAD and OPTIONS to the handler', async () => {
    const simulator = await start(request => ({
      status: request.method === 'OPTIONS' ? 204 : 202,
      headers: { 'x-request-method': request.method, allow: 'GET, HEAD, OPTIONS' },
      body: request.method === 'OPTIONS' ? undefined : { method: request.method },
    }));

    const head = await sendRequest(simulator.url, { method: 'HEAD' });
    expect(head).toMatchObject({ ok: true, status: 202 });
    if (!head.ok) return;
    expect(head.headers['x-request-method']).toBe('HEAD');
    expect(head.headers['content-length']).toBe(String('{"method":"HEAD"}'.length));
    expect(head.body.length).toBe(0);

    const options = await sendRequest(simulator.url, { method: 'OPTIONS' });
    expect(options).toMatchObject({ ok: true, status: 204 });
    expect(options.ok && options.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(simulator.requests.map(request => request.method)).toEqual(['HEAD', 'OPTIONS']);
  });

  it('streams async iterable bodies, flushing each chunk before the next is produced', async () => {
    let firstChunkArrived!: () => void;
    const arrived = new Promise<void>(resolve => {
      firstChunkArrived = resolve;
    });
    const simulator = await start(() => ({
      headers: { 'content-type': 'text/event-stream' },
      body: (async function* () {
        yield 'event: progress\ndata: {"progress":0.5}\n\n';
        // Deadlocks (and the test times out) unless the first event reached the client.
        await arrived;
        yield Buffer.from('event: done\ndata: {"progress":1}\n\n');
      })(),
    }));

    const outcome = await sendRequest(simulator.url, { onChunk: () => firstChunkArrived() });

    expect(outcome).toMatchObject({ ok: true, status: 200 });
    if (!outcome.ok) return;
    expect(outcome.headers['content-type']).toBe('text/event-stream');
    expect(outcome.headers['transfer-encoding']).toBe('chunked');
    expect(outcome.body.toString()).toBe(
      'event: progress\ndata: {"progress":0.5}\n\nevent: done\ndata: {"progress":1}\n\n',
    );
  });

  it('stops a stream and finishes its iterator when the client leaves', async () => {
    let finished!: () => void;
    const iteratorFinished = new Promise<void>(resolve => {
      finished = resolve;
    });
    const simulator = await start(() => ({
      body: (async function* () {
        try {
          for (;;) {
            yield Buffer.alloc(16 * 1024, 1);
            await new Promise(resolve => setImmediate(resolve));
          }
        } finally {
          finished();
        }
      })(),
    }));

    const outcome = await sendRequest(simulator.url, { timeoutMs: 50 });

    expect(outcome).toMatchObject({ ok: false, code: 'CLIENT_TIMEOUT' });
    expect(outcome.ok || outcome.partial?.body.length).toBeGreaterThan(0);
    await iteratorFinished;
    expect(simulator.errors).toEqual([]);
  });
});

describe('startSimulator: recording', () => {
  it('records method, path, query, headers and body, in arrival order', async () => {
    const simulator = await start(() => ({ body: {} }));

    await sendRequest(`${simulator.url}/v1/images/generations?api-version=2025-04-01&n=2`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer sk-test',
        'X-Repeated': ['first', 'second'],
      },
      body: '{"prompt":"a deer by the lake","n":2}',
    });
    await sendRequest(`${simulator.url}/v1/models`);

    const [generation, models] = simulator.requests;
    expect(simulator.requests).toHaveLength(2);
    expect(generation).toMatchObject({
      id: 1,
      method: 'POST',
      path: '/v1/images/generations',
      headers: expect.objectContaining({
        'content-type': 'application/json',
        authorization: 'Bearer sk-test',
        'x-repeated': 'first, second',
      }),
    });
    expect(generation?.fault).toBeUndefined();
    expect(Object.fromEntries(generation?.query ?? [])).toEqual({
      'api-version': '2025-04-01',
      n: '2',
    });
    expect(generation?.text()).toBe('{"prompt":"a deer by the lake","n":2}');
    expect(generation?.json()).toEqual({ prompt: 'a deer by the lake', n: 2 });
    expect(typeof generation?.receivedAt).toBe('number');
    expect(models).toMatchObject({ id: 2, method: 'GET', path: '/v1/models' });
    expect(models?.body.length).toBe(0);
  });

  it('explains a body that is not JSON', async () => {
    const simulator = await start(() => ({ body: {} }));
    await sendRequest(`${simulator.url}/v1/x`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'prompt=deer',
    });
    await sendRequest(`${simulator.url}/v1/y`, { method: 'POST' });

    const [text, empty] = simulator.requests;
    expect(() => text?.json()).toThrow(
      /simulator request 1 \(POST \/v1\/x\): body is not JSON .*content-type "text\/plain", body starts with "prompt=deer"/,
    );
    expect(() => empty?.json()).toThrow(/request 2 \(POST \/v1\/y\): body is empty/);
    expect(() => text?.multipart()).toThrow(
      /request 1 .*expected content-type multipart\/form-data/,
    );
  });

  it('parses multipart bodies with binary parts, a JSON part and repeated names', async () => {
    const simulator = await start(() => ({ body: {} }));
    const boundary = 'easel-test-boundary';
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x2d, 0x2d,
    ]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x0d, 0x0a, 0x0d, 0x0a, 0xff, 0xd9]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\n`),
      Buffer.from('make it blue'),
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="image[]"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="image[]"; filename="b.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      jpeg,
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="color_palette"\r\nContent-Type: application/json\r\n\r\n`,
      ),
      Buffer.from('{"name":"PASTEL"}'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);

    await sendRequest(`${simulator.url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` },
      body,
    });

    const parts = simulator.requests[0]?.multipart() ?? [];
    expect(parts.map(part => [part.name, part.filename, part.contentType])).toEqual([
      ['prompt', undefined, undefined],
      ['image[]', 'a.png', 'image/png'],
      ['image[]', 'b.jpg', 'image/jpeg'],
      ['color_palette', undefined, 'application/json'],
    ]);
    expect(parts[0]?.text()).toBe('make it blue');
    expect(parts[1]?.data.equals(png)).toBe(true);
    expect(parts[2]?.data.equals(jpeg)).toBe(true);
    expect(JSON.parse(parts[3]?.text() ?? '')).toEqual({ name: 'PASTEL' });
  });

  it('keeps only the newest `maxRecordedRequests`, and nothing when `record` is false', async () => {
    const bounded = await start(() => ({ body: {} }), { maxRecordedRequests: 3 });
    const silent = await start(() => ({ body: {} }), { record: false });
    for (let index = 1; index <= 5; index += 1) {
      await sendRequest(`${bounded.url}/${index}`);
      await sendRequest(`${silent.url}/${index}`);
    }

    expect(bounded.requests.map(request => [request.id, request.path])).toEqual([
      [3, '/3'],
      [4, '/4'],
      [5, '/5'],
    ]);
    expect(silent.requests).toEqual([]);
  });

  it('resets recorded requests, errors and faults, restarting ids at 1', async () => {
    const simulator = await start(request => {
      if (request.path === '/broken') throw new Error('bug');
      return { body: {} };
    });
    simulator.inject({ match: { path: '/limited' }, fault: { type: 'respond', status: 429 } });
    await sendRequest(`${simulator.url}/broken`);
    await sendRequest(`${simulator.url}/limited`);
    expect(simulator.requests).toHaveLength(2);
    expect(simulator.errors).toHaveLength(1);

    simulator.reset();

    expect(simulator.requests).toEqual([]);
    expect(simulator.errors).toEqual([]);
    const outcome = await sendRequest(`${simulator.url}/limited`);
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(simulator.requests.map(request => request.id)).toEqual([1]);
  });
});

describe('startSimulator: handler failures', () => {
  it('answers 500 with a JSON error and surfaces the error when the handler throws', async () => {
    const failure = new Error('cannot read size of undefined');
    const simulator = await start(async () => {
      throw failure;
    });

    const outcome = await sendRequest(`${simulator.url}/v1/images/generations`);

    expect(outcome).toMatchObject({ ok: true, status: 500 });
    if (!outcome.ok) return;
    expect(outcome.headers['content-type']).toBe('application/json');
    expect(JSON.parse(outcome.body.toString())).toEqual({
      error: { message: 'simulator handler failed: cannot read size of undefined' },
    });
    expect(simulator.errors).toEqual([failure]);
    expect(simulator.requests).toHaveLength(1);
  });

  it('answers 500 when the handler returns no response object or an invalid status', async () => {
    const simulator = await start(request =>
      request.path === '/nothing' ? (undefined as never) : { status: 42 },
    );

    expect(await sendRequest(simulator.url)).toMatchObject({ ok: true, status: 500 });
    expect(await sendRequest(`${simulator.url}/nothing`)).toMatchObject({ ok: true, status: 500 });

    expect(simulator.errors.map(String)).toEqual([
      'TypeError: invalid response status 42',
      'TypeError: expected a response object like { status, headers, body }, got undefined',
    ]);
  });

  it('cuts the connection and surfaces the error when a stream fails midway', async () => {
    const failure = new Error('generator bug');
    const simulator = await start(() => ({
      body: (async function* () {
        yield 'data: 1\n\n';
        throw failure;
      })(),
    }));

    const outcome = await sendRequest(simulator.url);

    expect(outcome).toMatchObject({ ok: false, partial: { status: 200 } });
    expect(simulator.errors).toEqual([failure]);
  });
});

describe('startSimulator: context', () => {
  it('gives handlers the base URL and a random generator seeded per request', async () => {
    const handler: WireHandler = (_request, context) => ({
      body: { baseUrl: context.baseUrl, draws: [context.random(), context.random()] },
    });
    const first = await start(handler, { seed: 7 });
    const second = await start(handler, { seed: 7 });
    const other = await start(handler, { seed: 8 });

    const read = async (simulator: Simulator) => {
      const outcome = await sendRequest(simulator.url);
      return outcome.ok ? JSON.parse(outcome.body.toString()) : undefined;
    };
    const [firstOne, firstTwo] = [await read(first), await read(first)];
    const secondOne = await read(second);
    const otherOne = await read(other);

    expect(firstOne.baseUrl).toBe(first.url);
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
    expect(secondOne.draws).toEqual(firstOne.draws);
    expect(firstTwo.draws).not.toEqual(firstOne.draws);
    expect(otherOne.draws).not.toEqual(firstOne.draws);
  });

  it('aborts the context signal when the client goes away', async () => {
    let sawAbort!: (context: SimulatorContext) => void;
    const aborted = new Promise<SimulatorContext>(resolve => {
      sawAbort = resolve;
    });
    const simulator = await start(
      (_request, context) =>
        new Promise(resolve => {
          context.signal.addEventListener('abort', () => {
            sawAbort(context);
            resolve({ body: {} });
          });
        }),
    );

    const outcome = await sendRequest(simulator.url, { timeoutMs: 50 });

    expect(outcome).toMatchObject({ ok: false, code: 'CLIENT_TIMEOUT' });
    expect((await aborted).signal.aborted).toBe(true);
    expect(simulator.errors).toEqual([]);
  });
});

describe('startSimulator: connections', () => {
  it('counts open and accepted sockets, reusing keep-alive connections', async () => {
    const simulator = await start(() => ({ body: { ok: true } }));
    const agent = keepAliveAgent();

    for (let index = 0; index < 3; index += 1) {
      expect(await sendRequest(simulator.url, { agent })).toMatchObject({ ok: true, status: 200 });
    }
    expect(simulator.connectionsAccepted()).toBe(1);
    expect(simulator.connections()).toBe(1);

    agent.destroy();
    await vi.waitFor(() => expect(simulator.connections()).toBe(0));
    expect(simulator.connectionsAccepted()).toBe(1);
  });

  it('closes idle keep-alive sockets, is idempotent and refuses later requests', async () => {
    const simulator = await start(() => ({ body: {} }));
    const agent = keepAliveAgent();
    await sendRequest(simulator.url, { agent });
    expect(simulator.connections()).toBe(1);

    await Promise.all([simulator.close(), simulator.close()]);
    await simulator.close();

    expect(simulator.connections()).toBe(0);
    expect(await sendRequest(simulator.url)).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
  });

  it('rejects invalid options', async () => {
    await expect(startSimulator({ handler: () => ({}), seed: 0.5 })).rejects.toThrow(
      /seed must be an integer/,
    );
    await expect(startSimulator({ handler: () => ({}), maxRecordedRequests: 0 })).rejects.toThrow(
      /maxRecordedRequests must be a positive integer/,
    );
  });
});
