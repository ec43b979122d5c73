import { Agent } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Outcome, sendRequest } from './__fixtures__/send-request.js';
import type { SimulatorRequest } from './simulator-request.js';
import { type Simulator, startSimulator } from './start-simulator.js';

const image = Buffer.from(Array.from({ length: 64 * 1024 }, (_, index) => (index * 31) % 251));
const generation = { created: 1_700_000_000, data: [{ b64_json: 'iVBORw0KGgo'.repeat(300) }] };
const generationText = JSON.stringify(generation);
const events = [1, 2, 3, 4].map(step => `event: progress\ndata: {"progress":${step / 4}}\n\n`);
const eventsText = events.join('');

let simulator: Simulator;
let handled: SimulatorRequest[];
const agents: Agent[] = [];

beforeEach(async () => {
  handled = [];
  simulator = await startSimulator({
    seed: 99,
    handler: request => {
      handled.push(request);
      switch (request.path) {
        case '/image':
          return { headers: { 'content-type': 'image/png' }, body: image };
        case '/events':
          return {
            headers: { 'content-type': 'text/event-stream' },
            body: (async function* () {
              yield* events;
            })(),
          };
        default:
          return { body: generation };
      }
    },
  });
});

afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await simulator.close();
  expect(simulator.errors).toEqual([]);
});

function failure(outcome: Outcome) {
  if (outcome.ok) throw new Error(`expected a failure, got status ${outcome.status}`);
  return outcome;
}

function post(path: string, body: string, timeoutMs?: number): Promise<Outcome> {
  return sendRequest(`${simulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

describe('respond', () => {
  it('answers with the given status, headers and body without calling the handler', async () => {
    simulator.inject({
      times: 1,
      fault: {
        type: 'respond',
        status: 429,
        headers: { 'Retry-After': '2' },
        body: { error: { message: 'Rate limit reached', type: 'requests' } },
      },
    });

    const limited = await post('/v1/images/generations', '{"prompt":"deer"}');
    const retried = await post('/v1/images/generations', '{"prompt":"deer"}');

    expect(limited).toMatchObject({ ok: true, status: 429 });
    if (!limited.ok) return;
    expect(limited.headers['retry-after']).toBe('2');
    expect(limited.headers['content-type']).toBe('application/json');
    expect(JSON.parse(limited.body.toString())).toEqual({
      error: { message: 'Rate limit reached', type: 'requests' },
    });
    expect(retried).toMatchObject({ ok: true, status: 200 });
    expect(handled.map(request => request.id)).toEqual([2]);
    expect(simulator.requests.map(request => request.fault)).toEqual(['respond', undefined]);
  });
});

describe('latency', () => {
  it('waits, then answers normally', async () => {
    simulator.inject({ fault: { type: 'latency', ms: 20 } });

    const outcome = await sendRequest(simulator.url);

    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(outcome.ok && outcome.body.toString()).toBe(generationText);
    expect(handled).toHaveLength(1);
    expect(simulator.requests[0]?.fault).toBe('latency');
  });

  it('lets a client that gives up during the wait leave without the handler running', async () => {
    simulator.inject({ fault: { type: 'latency', ms: 60_000 } });

    const outcome = await sendRequest(simulator.url, { timeoutMs: 50 });

    expect(failure(outcome)).toMatchObject({ code: 'CLIENT_TIMEOUT' });
    expect(failure(outcome).partial).toBeUndefined();
    await vi.waitFor(() => expect(simulator.connections()).toBe(0));
    expect(handled).toEqual([]);
  });
});

describe('reset', () => {
  it('before-request-body: resets on the headers, records no body, never calls the handler', async () => {
    simulator.inject({ fault: { type: 'reset', when: 'before-request-body' } });

    const outcome = await post('/v1/images/generations', '{"prompt":"deer"}');

    expect(failure(outcome)).toMatchObject({ code: 'ECONNRESET' });
    expect(failure(outcome).partial).toBeUndefined();
    expect(handled).toEqual([]);
    expect(simulator.requests).toHaveLength(1);
    expect(simulator.requests[0]).toMatchObject({ fault: 'reset', path: '/v1/images/generations' });
    expect(simulator.requests[0]?.body.length).toBe(0);
  });

  it('after-request-body: the handler sees the whole request, the client gets no response', async () => {
    simulator.inject({ fault: { type: 'reset', when: 'after-request-body' } });
    const body = JSON.stringify({ prompt: 'a deer by the lake', padding: 'x'.repeat(50_000) });

    const outcome = await post('/v1/images/generations', body);

    expect(failure(outcome)).toMatchObject({ code: 'ECONNRESET' });
    expect(failure(outcome).partial).toBeUndefined();
    expect(handled).toHaveLength(1);
    expect(handled[0]?.text()).toBe(body);
    expect(handled[0]?.fault).toBe('reset');
    expect(simulator.requests[0]?.text()).toBe(body);
  });

  it('mid-response-body: sends the headers and at most half the body, then resets', async () => {
    simulator.inject({ fault: { type: 'reset', when: 'mid-response-body' } });

    const outcome = failure(await sendRequest(`${simulator.url}/image`));

    expect(outcome.code).toBe('ECONNRESET');
    expect(outcome.partial?.status).toBe(200);
    expect(outcome.partial?.headers['content-type']).toBe('image/png');
    expect(outcome.partial?.headers['content-length']).toBe(String(image.length));
    const received = outcome.partial?.body ?? Buffer.alloc(0);
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThanOrEqual(image.length / 2);
    expect(received.equals(image.subarray(0, received.length))).toBe(true);
    expect(handled).toHaveLength(1);
  });

  it('mid-response-body on a stream: cuts the event stream partway', async () => {
    simulator.inject({ fault: { type: 'reset', when: 'mid-response-body' } });

    const outcome = failure(await sendRequest(`${simulator.url}/events`));

    expect(outcome.code).toBe('ECONNRESET');
    expect(outcome.partial?.headers['content-type']).toBe('text/event-stream');
    expect(outcome.partial?.headers['transfer-encoding']).toBe('chunked');
    const received = outcome.partial?.body.toString() ?? '';
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(eventsText.length);
    expect(eventsText.startsWith(received)).toBe(true);
  });
});

describe('stall', () => {
  it('before-headers: the client times out with nothing received, the handler never runs', async () => {
    simulator.inject({ fault: { type: 'stall', when: 'before-headers' } });

    const outcome = failure(await post('/v1/images/generations', '{"prompt":"deer"}', 100));

    expect(outcome.code).toBe('CLIENT_TIMEOUT');
    expect(outcome.partial).toBeUndefined();
    expect(handled).toEqual([]);
    expect(simulator.requests[0]?.fault).toBe('stall');
    expect(simulator.requests[0]?.json()).toEqual({ prompt: 'deer' });
  });

  it('mid-response-body: the client gets headers and half the body, then times out', async () => {
    simulator.inject({ fault: { type: 'stall', when: 'mid-response-body' } });

    const outcome = failure(await sendRequest(`${simulator.url}/image`, { timeoutMs: 200 }));

    expect(outcome.code).toBe('CLIENT_TIMEOUT');
    expect(outcome.partial?.status).toBe(200);
    expect(outcome.partial?.headers['content-length']).toBe(String(image.length));
    expect(outcome.partial?.body.equals(image.subarray(0, image.length / 2))).toBe(true);
  });

  it('does not keep close() waiting, whatever the stalled sockets are doing', async () => {
    simulator.inject({ match: { path: '/a' }, fault: { type: 'stall', when: 'before-headers' } });
    simulator.inject({
      match: { path: '/b' },
      fault: { type: 'stall', when: 'mid-response-body' },
    });
    simulator.inject({ match: { path: '/c' }, fault: { type: 'latency', ms: 60_000 } });
    const outcomes = ['/a', '/b', '/c'].map(path => sendRequest(`${simulator.url}${path}`));
    await vi.waitFor(() => expect(simulator.requests).toHaveLength(3));
    expect(simulator.connections()).toBe(3);

    await simulator.close();

    expect(simulator.connections()).toBe(0);
    for (const outcome of await Promise.all(outcomes)) {
      expect(failure(outcome).code).toBe('ECONNRESET');
    }
  });
});

describe('truncate', () => {
  it('declares the full Content-Length, sends half the body, then ends the socket', async () => {
    simulator.inject({ fault: { type: 'truncate' } });

    const outcome = failure(await sendRequest(`${simulator.url}/image`));

    expect(outcome.partial?.status).toBe(200);
    const declared = Number(outcome.partial?.headers['content-length']);
    expect(declared).toBe(image.length);
    expect(outcome.partial?.body.equals(image.subarray(0, image.length / 2))).toBe(true);
    expect(outcome.partial?.body.length).toBeLessThan(declared);
    expect(outcome).toMatchObject({ code: 'ECONNRESET', message: 'aborted' });
  });

  it('turns a streamed answer into one with a Content-Length it does not honour', async () => {
    simulator.inject({ fault: { type: 'truncate' } });

    const outcome = failure(await sendRequest(`${simulator.url}/events`));

    expect(outcome.partial?.headers['content-length']).toBe(String(Buffer.byteLength(eventsText)));
    expect(outcome.partial?.headers['transfer-encoding']).toBeUndefined();
    expect(outcome.partial?.body.toString()).toBe(eventsText.slice(0, eventsText.length / 2));
  });
});

describe('malformed', () => {
  it('answers 200 with the real content type and a JSON body that does not parse', async () => {
    simulator.inject({ fault: { type: 'malformed' } });

    const outcome = await post('/v1/images/generations', '{"prompt":"deer"}');

    expect(outcome).toMatchObject({ ok: true, status: 200 });
    if (!outcome.ok) return;
    expect(outcome.headers['content-type']).toBe('application/json');
    expect(() => JSON.parse(outcome.body.toString())).toThrow(SyntaxError);
    expect(handled).toHaveLength(1);
  });

  it('sends an event whose data does not parse on an event stream', async () => {
    simulator.inject({ fault: { type: 'malformed' } });

    const outcome = await sendRequest(`${simulator.url}/events`);

    expect(outcome).toMatchObject({ ok: true, status: 200 });
    if (!outcome.ok) return;
    expect(outcome.headers['content-type']).toBe('text/event-stream');
    const data = /^data: (.*)$/m.exec(outcome.body.toString())?.[1] ?? '';
    expect(() => JSON.parse(data)).toThrow(SyntaxError);
  });
});

describe('rules on a running simulator', () => {
  it('applies a rule to the next `times` matching requests only', async () => {
    simulator.inject({
      match: { method: 'POST', path: /^\/v1\/images\// },
      times: 2,
      fault: { type: 'respond', status: 503 },
    });

    const statuses = [];
    for (const path of ['/v1/models', '/v1/images/edits', '/v1/images/edits', '/v1/images/edits']) {
      const outcome = await post(path, '{}');
      statuses.push(outcome.ok ? outcome.status : outcome.code);
    }

    expect(statuses).toEqual([200, 503, 503, 200]);
    expect(simulator.requests.map(request => request.fault)).toEqual([
      undefined,
      'respond',
      'respond',
      undefined,
    ]);
  });

  it('matches on the request body with `when`', async () => {
    simulator.inject({
      match: { when: request => request.json<{ prompt: string }>().prompt.includes('forbidden') },
      fault: {
        type: 'respond',
        status: 400,
        body: { error: { code: 'content_policy_violation' } },
      },
    });

    expect(await post('/v1/images/generations', '{"prompt":"a deer"}')).toMatchObject({
      status: 200,
    });
    expect(await post('/v1/images/generations', '{"prompt":"forbidden deer"}')).toMatchObject({
      status: 400,
    });
  });

  it('stops applying a removed rule, and every rule after clearFaults', async () => {
    const remove = simulator.inject({ fault: { type: 'respond', status: 503 } });
    expect(await sendRequest(simulator.url)).toMatchObject({ status: 503 });
    remove();
    expect(await sendRequest(simulator.url)).toMatchObject({ status: 200 });

    simulator.inject({ fault: { type: 'respond', status: 502 } });
    simulator.clearFaults();
    expect(await sendRequest(simulator.url)).toMatchObject({ status: 200 });
  });

  it('draws the same probabilistic faults for the same seed', async () => {
    async function pattern(): Promise<number[]> {
      simulator.reset();
      simulator.inject({ probability: 0.3, fault: { type: 'respond', status: 503 } });
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const statuses: number[] = [];
      for (let index = 0; index < 200; index += 1) {
        const outcome = await sendRequest(simulator.url, { agent });
        statuses.push(outcome.ok ? outcome.status : 0);
      }
      return statuses;
    }

    const first = await pattern();
    const hits = first.filter(status => status === 503).length;
    expect(hits).toBeGreaterThanOrEqual(40);
    expect(hits).toBeLessThanOrEqual(80);
    expect(first.filter(status => status !== 503 && status !== 200)).toEqual([]);
    expect(await pattern()).toEqual(first);
  });

  it('rejects an invalid rule when it is injected', () => {
    expect(() => simulator.inject({ probability: -0.1, fault: { type: 'truncate' } })).toThrow(
      /simulator.inject: probability must be between 0 and 1/,
    );
  });
});
