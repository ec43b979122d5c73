import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from './load-generator.js';

describe('runLoad', () => {
  const server = createServer((request, response) => {
    request.resume();
    request.once('end', () => {
      response.writeHead(request.url === '/fail' ? 503 : 200, { 'content-type': 'text/plain' });
      response.end('x'.repeat(100));
    });
  });
  let origin = '';
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('runs a closed loop and reports what it measured', async () => {
    const summary = await runLoad({
      origin,
      path: '/',
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
      mode: 'closed',
      connections: 4,
      warmupMs: 50,
      durationMs: 200,
    });
    expect(summary.requests).toBeGreaterThan(0);
    expect(summary.measured).toBeGreaterThan(0);
    expect(summary.errors + summary.non2xx).toBe(0);
    expect(summary.bytesPerSecond).toBeCloseTo(summary.requestsPerSecond * 100, 6);
    expect(summary.latency.min).toBeLessThanOrEqual(summary.latency.p50);
    expect(summary.latency.p50).toBeLessThanOrEqual(summary.latency.p99);
    expect(summary.latency.p99).toBeLessThanOrEqual(summary.latency.max);
  });

  it('runs an open loop on a timeline and counts non-2xx answers', async () => {
    const summary = await runLoad({
      origin,
      path: '/fail',
      method: 'GET',
      headers: {},
      mode: 'open',
      connections: 2,
      ratePerSecond: 100,
      warmupMs: 0,
      durationMs: 200,
    });
    expect(summary.measured).toBeGreaterThan(0);
    expect(summary.non2xx).toBe(summary.measured);
    expect(summary.firstProblem).toBe('HTTP 503');
  });

  it('counts connection failures as errors', async () => {
    const summary = await runLoad({
      origin: 'http://127.0.0.1:1',
      path: '/',
      method: 'GET',
      headers: {},
      mode: 'closed',
      connections: 1,
      warmupMs: 0,
      durationMs: 50,
    });
    expect(summary.errors).toBeGreaterThan(0);
    expect(summary.firstProblem).toMatch(/ECONNREFUSED|connect/);
  });
});
