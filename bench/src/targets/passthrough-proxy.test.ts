import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PassthroughProxy, startPassthroughProxy } from './passthrough-proxy.js';

describe('the pass-through proxy', () => {
  const seen: { url: string | undefined; headers: IncomingHttpHeaders; body: string }[] = [];
  const upstream = createServer((incoming, outgoing) => {
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => {
      body += chunk;
    });
    incoming.once('end', () => {
      seen.push({ url: incoming.url, headers: incoming.headers, body });
      outgoing.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      outgoing.end(JSON.stringify({ echoed: body.length }));
    });
  });
  let proxy: PassthroughProxy;
  beforeAll(async () => {
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    proxy = await startPassthroughProxy({ upstreamUrl, pathPrefix: '/small/0' });
  });
  afterAll(async () => {
    await proxy.close();
    upstream.closeAllConnections();
    upstream.close();
  });

  it('forwards method, path (under the prefix), headers and body, and streams the answer back', async () => {
    const response = await request(`${proxy.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: '{"prompt":"x"}',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-upstream']).toBe('yes');
    expect(await response.body.json()).toEqual({ echoed: 14 });
    expect(seen.at(-1)).toMatchObject({
      url: '/small/0/v1/images/generations',
      body: '{"prompt":"x"}',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    });
  });
});
