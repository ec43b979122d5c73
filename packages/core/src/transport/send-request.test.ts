import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent, type Dispatcher, errors, MockAgent } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { multipartField, multipartFile, multipartJson } from './multipart-body.js';
import { parseRetryAfter } from './retry-after.js';
import { defaultRetryPolicy, retryDelay } from './retry-policy.js';
import { type RetryEvent, sendRequest, sendStreamingRequest } from './send-request.js';

type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
  attempt: number,
) => void;

interface TestServer {
  url: string;
  port: number;
  attempts: number;
  bodies: Buffer[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const agents: Agent[] = [];

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function startServer(
  handler: Handler,
  options: { port?: number; readBody?: boolean } = {},
): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state: TestServer = { url: '', port: 0, attempts: 0, bodies: [], close: async () => {} };
  const server: Server = createServer(async (request, response) => {
    request.on('error', () => {});
    response.on('error', () => {});
    state.attempts++;
    const body = options.readBody === false ? Buffer.alloc(0) : await readBody(request);
    state.bodies.push(body);
    handler(request, response, body, state.attempts);
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  state.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
  };
  servers.push(state);
  return state;
}

function testAgent(): Agent {
  const agent = new Agent({ keepAliveTimeout: 10, connect: { timeout: 1000 } });
  agents.push(agent);
  return agent;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()));
  await Promise.all(agents.splice(0).map(agent => agent.close()));
});

const fixedRandom = { random: () => 0.5, baseDelayMs: 10, maxDelayMs: 40 };

describe('bodies', () => {
  it('sends JSON with content type, length and user agent, and parses the response', async () => {
    const server = await startServer((request, response, body) => {
      response.setHeader('content-type', 'application/json');
      response.setHeader('x-request-id', 'req_1');
      response.end(
        JSON.stringify({
          headers: request.headers,
          method: request.method,
          received: JSON.parse(body.toString()),
        }),
      );
    });
    const response = await sendRequest(
      {
        method: 'POST',
        url: `${server.url}/v1/images?x=1`,
        headers: { authorization: 'Bearer sk-json-test-12345678', 'x-skip': undefined },
        body: { type: 'json', value: { prompt: 'a deer', n: 1 } },
      },
      { provider: 'test', userAgent: 'easel/test/1.0.0', dispatcher: testAgent() },
    );
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(1);
    expect(response.headers['x-request-id']).toBe('req_1');
    const echoed = response.json() as {
      headers: Record<string, string>;
      method: string;
      received: unknown;
    };
    expect(echoed.method).toBe('POST');
    expect(echoed.received).toEqual({ prompt: 'a deer', n: 1 });
    expect(echoed.headers['content-type']).toBe('application/json');
    expect(echoed.headers['content-length']).toBe(
      String(JSON.stringify({ prompt: 'a deer', n: 1 }).length),
    );
    expect(echoed.headers['user-agent']).toBe('easel/test/1.0.0');
    expect(echoed.headers.authorization).toBe('Bearer sk-json-test-12345678');
    expect(echoed.headers['x-skip']).toBeUndefined();
  });

  it('sends multipart with repeated file parts and a JSON-typed part, bytes intact', async () => {
    const server = await startServer((_request, response) => response.end('ok'));
    const first = new Uint8Array(200_000).map((_, index) => index % 251);
    const second = new Uint8Array([137, 80, 78, 71, 0, 255]);
    await sendRequest(
      {
        method: 'POST',
        url: server.url,
        body: {
          type: 'multipart',
          parts: [
            multipartField('prompt', 'a "quoted"\nprompt'),
            multipartFile('image[]', first, { filename: 'a.png', contentType: 'image/png' }),
            multipartFile('image[]', second, { filename: 'b.png', contentType: 'image/png' }),
            multipartJson('color_palette', { name: 'EMBER' }),
          ],
        },
      },
      { provider: 'test', dispatcher: testAgent() },
    );
    const raw = server.bodies[0]!;
    const text = raw.toString('latin1');
    expect(text).toContain(
      'Content-Disposition: form-data; name="color_palette"\r\nContent-Type: application/json\r\n\r\n{"name":"EMBER"}\r\n',
    );
    const boundary = /^--(\S+)\r\n/.exec(text)![1]!;
    const form = await new Response(raw, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    }).formData();
    expect(form.get('prompt')).toBe('a "quoted"\nprompt');
    const images = form.getAll('image[]') as File[];
    expect(images.map(image => image.name)).toEqual(['a.png', 'b.png']);
    expect(new Uint8Array(await images[0]!.arrayBuffer())).toEqual(first);
    expect(new Uint8Array(await images[1]!.arrayBuffer())).toEqual(second);
  });

  it('sends binary bodies', async () => {
    const server = await startServer((request, response) =>
      response.end(request.headers['content-type']),
    );
    const response = await sendRequest(
      {
        method: 'PUT',
        url: server.url,
        body: { type: 'binary', data: new Uint8Array([1, 2, 3]), contentType: 'image/png' },
      },
      { provider: 'test', dispatcher: testAgent() },
    );
    expect(response.text()).toBe('image/png');
    expect([...server.bodies[0]!]).toEqual([1, 2, 3]);
  });

  it('collects a long body of declared length into one buffer as it arrives, without concatenating', async () => {
    const payload = Buffer.alloc(3 * 1024 * 1024);
    for (let index = 0; index < payload.length; index += 4) payload.writeUInt32LE(index, index);
    const server = await startServer((_request, response) => {
      response.setHeader('content-length', String(payload.length));
      response.end(payload);
    });
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const response = await sendRequest(
        { method: 'GET', url: server.url },
        { provider: 'test', dispatcher: testAgent() },
      );
      expect(response.body.equals(payload)).toBe(true);
      const largeConcats = concat.mock.calls.filter(
        ([list]) => list.reduce((sum, part) => sum + part.length, 0) >= payload.length,
      );
      expect(largeConcats).toEqual([]);
    } finally {
      concat.mockRestore();
    }
  });

  it('collects bodies without a length, or whose length was misdeclared, intact', async () => {
    const pieces = [Buffer.alloc(100_000, 1), Buffer.alloc(70_000, 2), Buffer.from('end')];
    const server = await startServer((_request, response) => {
      for (const piece of pieces) response.write(piece);
      response.end();
    });
    const chunked = await sendRequest(
      { method: 'GET', url: server.url },
      { provider: 'test', dispatcher: testAgent() },
    );
    expect(chunked.headers['content-length']).toBeUndefined();
    expect(chunked.body.equals(Buffer.concat(pieces))).toBe(true);

    const mock = new MockAgent();
    mock.disableNetConnect();
    const origin = mock.get('https://api.example.test');
    for (const declared of ['100', '3']) {
      origin
        .intercept({ path: `/declared-${declared}`, method: 'GET' })
        .reply(200, 'ten bytes!', { headers: { 'content-length': declared } });
      const response = await sendRequest(
        { method: 'GET', url: `https://api.example.test/declared-${declared}` },
        { provider: 'test', dispatcher: mock },
      );
      expect(response.text()).toBe('ten bytes!');
    }
    await mock.close();
  });

  it('works through any undici dispatcher, e.g. a MockAgent', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://api.example.test')
      .intercept({ path: '/v1/x', method: 'GET' })
      .reply(200, { ok: true });
    const response = await sendRequest(
      { method: 'GET', url: 'https://api.example.test/v1/x' },
      { provider: 'test', dispatcher: mock },
    );
    expect(response.json()).toEqual({ ok: true });
    mock.assertNoPendingInterceptors();
    await mock.close();
  });
});

describe('dispatchers', () => {
  it('sends through an agent composed with interceptors', async () => {
    const server = await startServer((_request, response) => response.end('ok'));
    const seen: string[] = [];
    const composed = testAgent().compose(
      dispatch => (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => {
        seen.push(`${options.method} ${options.path}`);
        return dispatch(options, handler);
      },
    );
    const response = await sendRequest(
      { method: 'GET', url: `${server.url}/composed` },
      { provider: 'test', dispatcher: composed },
    );
    expect(response.text()).toBe('ok');
    expect(seen).toEqual(['GET /composed']);
  });

  it('through a composed agent, where writes cannot be observed, a dropped paid POST is never resubmitted', async () => {
    const large = new Uint8Array(16 * 1024 * 1024);
    const server = await startServer(request => request.socket.resetAndDestroy(), {
      readBody: false,
    });
    const composed = testAgent().compose(
      dispatch => (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) =>
        dispatch(options, handler),
    );
    await expect(
      sendRequest(
        {
          method: 'POST',
          url: server.url,
          body: { type: 'binary', data: large, contentType: 'application/octet-stream' },
        },
        { provider: 'test', dispatcher: composed, retry: fixedRandom },
      ),
    ).rejects.toSatisfy(error => ProviderError.isInstance(error) && !error.retryable);
    expect(server.attempts).toBe(1);
  });

  it('maps a connect timeout to TimeoutError and retries it, even for a paid POST (nothing was sent)', async () => {
    let connects = 0;
    const unreachable = new Agent({
      connect: (_options, callback) => {
        connects++;
        callback(new errors.ConnectTimeoutError(), null);
      },
    });
    agents.push(unreachable);
    await expect(
      sendRequest(
        { method: 'POST', url: 'http://192.0.2.1:9/', body: { type: 'json', value: {} } },
        { provider: 'test', dispatcher: unreachable, retry: fixedRandom },
      ),
    ).rejects.toSatisfy(error => TimeoutError.isInstance(error) && error.phase === 'connect');
    expect(connects).toBe(3);
  });
});

describe('limits', () => {
  it('refuses a response whose declared length is over the cap without reading it', async () => {
    const server = await startServer((_request, response) => {
      response.setHeader('content-length', String(10_000_000));
      response.write(Buffer.alloc(1024));
    });
    const failure = sendRequest(
      { method: 'GET', url: server.url },
      { provider: 'test', dispatcher: testAgent(), maxResponseBytes: 1_000_000, retry: false },
    );
    await expect(failure).rejects.toMatchObject({
      code: 'provider_error',
      providerCode: 'response_too_large',
      retryable: false,
    });
  });

  it('stops reading a chunked response as soon as it passes the cap', async () => {
    let written = 0;
    let closedEarly = false;
    const server = await startServer((_request, response) => {
      const chunk = Buffer.alloc(64 * 1024, 1);
      const write = () => {
        while (written < 50_000_000) {
          written += chunk.byteLength;
          if (!response.write(chunk)) return void response.once('drain', write);
        }
        response.end();
      };
      response.on('close', () => {
        closedEarly = written < 50_000_000;
      });
      write();
    });
    await expect(
      sendRequest(
        { method: 'GET', url: server.url },
        { provider: 'test', dispatcher: testAgent(), maxResponseBytes: 1_000_000, retry: false },
      ),
    ).rejects.toMatchObject({ providerCode: 'response_too_large' });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(closedEarly).toBe(true);
  });

  it('times out waiting for headers, between body chunks, and for the whole call', async () => {
    const silent = await startServer(() => {});
    await expect(
      sendRequest(
        { method: 'GET', url: silent.url },
        { provider: 'test', dispatcher: testAgent(), timeouts: { headersMs: 100 }, retry: false },
      ),
    ).rejects.toSatisfy(
      error =>
        TimeoutError.isInstance(error) && error.phase === 'headers' && error.timeoutMs === 100,
    );

    const stalling = await startServer((_request, response) => response.write('partial'));
    await expect(
      sendRequest(
        { method: 'GET', url: stalling.url },
        { provider: 'test', dispatcher: testAgent(), timeouts: { bodyMs: 100 }, retry: false },
      ),
    ).rejects.toSatisfy(error => TimeoutError.isInstance(error) && error.phase === 'body');

    await expect(
      sendRequest(
        { method: 'GET', url: silent.url },
        { provider: 'test', dispatcher: testAgent(), timeouts: { totalMs: 100 } },
      ),
    ).rejects.toSatisfy(error => TimeoutError.isInstance(error) && error.phase === 'total');
  });

  it('aborts at once on the caller signal, also while waiting to retry', async () => {
    const silent = await startServer(() => {});
    const controller = new AbortController();
    const pending = sendRequest(
      { method: 'GET', url: silent.url },
      { provider: 'test', dispatcher: testAgent(), abortSignal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toSatisfy(AbortError.isInstance);

    const busy = await startServer((_request, response) => {
      response.statusCode = 503;
      response.setHeader('retry-after', '30');
      response.end();
    });
    const waiting = new AbortController();
    const retrying = sendRequest(
      { method: 'GET', url: busy.url },
      {
        provider: 'test',
        dispatcher: testAgent(),
        abortSignal: waiting.signal,
        onRetry: () => waiting.abort(),
      },
    );
    await expect(retrying).rejects.toSatisfy(AbortError.isInstance);
    expect(busy.attempts).toBe(1);
  });
});

describe('retries', () => {
  it('retries a GET on 503 with full jitter on top of Retry-After, and reports each retry', async () => {
    const server = await startServer((_request, response, _body, attempt) => {
      if (attempt < 3) {
        response.statusCode = 503;
        response.setHeader('retry-after-ms', '30');
        return void response.end('busy');
      }
      response.end('done');
    });
    const retries: RetryEvent[] = [];
    const started = Date.now();
    const response = await sendRequest(
      { method: 'GET', url: server.url },
      {
        provider: 'test',
        dispatcher: testAgent(),
        retry: fixedRandom,
        onRetry: event => retries.push(event),
      },
    );
    expect(response.text()).toBe('done');
    expect(response.attempts).toBe(3);
    expect(retries).toEqual([
      { attempt: 2, delayMs: 35, reason: 'HTTP 503', status: 503 },
      { attempt: 3, delayMs: 40, reason: 'HTTP 503', status: 503 },
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });

  it('never retries a paid POST on an ambiguous 500, but does on 429 and 503', async () => {
    const failing = await startServer((_request, response) => {
      response.statusCode = 500;
      response.end('{"error":"oops"}');
    });
    const response = await sendRequest(
      { method: 'POST', url: failing.url, body: { type: 'json', value: {} } },
      { provider: 'test', dispatcher: testAgent(), retry: fixedRandom },
    );
    expect(response.status).toBe(500);
    expect(failing.attempts).toBe(1);

    const limited = await startServer((_request, response, _body, attempt) => {
      response.statusCode = attempt === 1 ? 429 : attempt === 2 ? 503 : 200;
      response.end();
    });
    const second = await sendRequest(
      { method: 'POST', url: limited.url, body: { type: 'json', value: {} } },
      { provider: 'test', dispatcher: testAgent(), retry: fixedRandom },
    );
    expect(second.status).toBe(200);
    expect(limited.attempts).toBe(3);
  });

  it('retries a POST whose connection was refused, and only then', async () => {
    const placeholder = await startServer(() => {});
    const port = placeholder.port;
    await placeholder.close();
    servers.splice(servers.indexOf(placeholder), 1);
    let revived: TestServer | undefined;
    const response = await sendRequest(
      {
        method: 'POST',
        url: `http://127.0.0.1:${port}/`,
        body: { type: 'json', value: { prompt: 'x' } },
      },
      {
        provider: 'test',
        dispatcher: testAgent(),
        retry: fixedRandom,
        onRetry: async event => {
          expect(event.reason).toBe('ECONNREFUSED');
          revived ??= await startServer((_request, reply) => reply.end('accepted'), { port });
        },
      },
    );
    expect(response.text()).toBe('accepted');
    expect(revived?.attempts).toBe(1);
  });

  it('does not retry a POST that was fully sent before the connection dropped', async () => {
    const server = await startServer((request, _response) => request.socket.resetAndDestroy());
    await expect(
      sendRequest(
        { method: 'POST', url: server.url, body: { type: 'json', value: { prompt: 'x' } } },
        { provider: 'test', dispatcher: testAgent(), retry: fixedRandom },
      ),
    ).rejects.toSatisfy(
      error =>
        ProviderError.isInstance(error) &&
        !error.retryable &&
        /may have been received and billed/.test(error.message),
    );
    expect(server.attempts).toBe(1);
  });

  it('retries a POST whose body was cut off before it was completely written', async () => {
    const large = new Uint8Array(16 * 1024 * 1024);
    const server = await startServer(
      (request, response, _body, attempt) => {
        if (attempt === 1) return void request.socket.resetAndDestroy();
        request.resume();
        request.on('end', () => response.end('second time lucky'));
      },
      { readBody: false },
    );
    const response = await sendRequest(
      {
        method: 'POST',
        url: server.url,
        body: { type: 'binary', data: large, contentType: 'application/octet-stream' },
      },
      { provider: 'test', dispatcher: testAgent(), retry: fixedRandom },
    );
    expect(response.text()).toBe('second time lucky');
    expect(server.attempts).toBe(2);
  });

  it('retries a GET after a dropped connection', async () => {
    const server = await startServer((request, response, _body, attempt) => {
      if (attempt === 1) return void request.socket.resetAndDestroy();
      response.end('ok');
    });
    const response = await sendRequest(
      { method: 'GET', url: server.url },
      { provider: 'test', dispatcher: testAgent(), retry: fixedRandom },
    );
    expect(response.text()).toBe('ok');
    expect(response.attempts).toBe(2);
  });

  it('gives the response back instead of waiting past maxRetryAfterMs or the deadline', async () => {
    const server = await startServer((_request, response) => {
      response.statusCode = 429;
      response.setHeader('retry-after', '120');
      response.end();
    });
    const tooLong = await sendRequest(
      { method: 'GET', url: server.url },
      { provider: 'test', dispatcher: testAgent() },
    );
    expect(tooLong.status).toBe(429);
    expect(tooLong.attempts).toBe(1);

    const soon = await startServer((_request, response) => {
      response.statusCode = 503;
      response.setHeader('retry-after', '2');
      response.end();
    });
    const deadline = await sendRequest(
      { method: 'GET', url: soon.url },
      { provider: 'test', dispatcher: testAgent(), deadline: Date.now() + 500 },
    );
    expect(deadline.status).toBe(503);
    expect(soon.attempts).toBe(1);
  });

  it('waits assumedRetryAfterMs after a 429 that names no Retry-After, and only after a 429', async () => {
    const server = await startServer((_request, response, _body, attempt) => {
      if (attempt === 1) {
        response.statusCode = 429;
        return void response.end();
      }
      response.end('ok');
    });
    const policy = { ...fixedRandom, assumedRetryAfterMs: 40 };
    const limited: RetryEvent[] = [];
    await sendRequest(
      { method: 'POST', url: server.url, body: { type: 'json', value: {} } },
      {
        provider: 'test',
        dispatcher: testAgent(),
        retry: policy,
        onRetry: event => limited.push(event),
      },
    );
    expect(limited).toEqual([{ attempt: 2, delayMs: 45, reason: 'HTTP 429', status: 429 }]);

    const busy = await startServer((_request, response, _body, attempt) => {
      if (attempt === 1) {
        response.statusCode = 503;
        return void response.end();
      }
      response.end('ok');
    });
    const unavailable: RetryEvent[] = [];
    await sendRequest(
      { method: 'GET', url: busy.url },
      {
        provider: 'test',
        dispatcher: testAgent(),
        retry: policy,
        onRetry: event => unavailable.push(event),
      },
    );
    expect(unavailable).toEqual([{ attempt: 2, delayMs: 5, reason: 'HTTP 503', status: 503 }]);

    const impatient = await startServer((_request, response) => {
      response.statusCode = 429;
      response.end();
    });
    const refused = await sendRequest(
      { method: 'GET', url: impatient.url },
      {
        provider: 'test',
        dispatcher: testAgent(),
        retry: { ...policy, assumedRetryAfterMs: 60_000 },
        deadline: Date.now() + 1000,
      },
    );
    expect(refused.status).toBe(429);
    expect(impatient.attempts).toBe(1);
  });

  it('stops after maxAttempts', async () => {
    const server = await startServer((_request, response) => {
      response.statusCode = 502;
      response.end();
    });
    const response = await sendRequest(
      { method: 'GET', url: server.url },
      { provider: 'test', dispatcher: testAgent(), retry: { ...fixedRandom, maxAttempts: 4 } },
    );
    expect(response.status).toBe(502);
    expect(server.attempts).toBe(4);
  });
});

describe('retry timing rules', () => {
  it('full jitter: spread out, never below Retry-After, capped', () => {
    const samples = Array.from({ length: 2000 }, () => retryDelay(defaultRetryPolicy, 2, 1000));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(2000);
    const jitter = samples.map(sample => sample - 1000);
    const mean = jitter.reduce((sum, value) => sum + value, 0) / jitter.length;
    const deviation = Math.sqrt(
      jitter.reduce((sum, value) => sum + (value - mean) ** 2, 0) / jitter.length,
    );
    expect(deviation / mean).toBeGreaterThan(0.2);
    expect(
      retryDelay({ ...defaultRetryPolicy, random: () => 0.999 }, 20, undefined),
    ).toBeLessThanOrEqual(defaultRetryPolicy.maxDelayMs);
  });

  it('reads retry-after-ms, Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250' })).toBe(250);
    expect(parseRetryAfter({ 'retry-after': '2' })).toBe(2000);
    expect(
      parseRetryAfter(
        { 'retry-after': 'Wed, 21 Oct 2026 07:28:30 GMT' },
        Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'),
      ),
    ).toBe(30_000);
    expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    expect(parseRetryAfter({})).toBeUndefined();
  });
});

describe('streaming', () => {
  it('hands over the body as it arrives', async () => {
    const server = await startServer((_request, response) => {
      response.setHeader('content-type', 'text/event-stream');
      response.write('data: one\n\n');
      setTimeout(() => response.end('data: two\n\n'), 30);
    });
    const response = await sendStreamingRequest(
      { method: 'GET', url: server.url },
      { provider: 'test', dispatcher: testAgent() },
    );
    expect(response.status).toBe(200);
    const chunks: string[] = [];
    for await (const chunk of response.body) chunks.push(chunk.toString());
    expect(chunks.join('')).toBe('data: one\n\ndata: two\n\n');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
  });
});
