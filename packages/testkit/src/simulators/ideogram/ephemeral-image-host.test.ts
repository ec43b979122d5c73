import { readImageMetadata } from '@easel/core';
import { describe, expect, it } from 'vitest';
import type { SimulatorRequest } from '../../simulator/index.js';
import { createSimulatorRequest } from '../../simulator/simulator-request.js';
import { EphemeralImageHost } from './ephemeral-image-host.js';

const origin = 'http://127.0.0.1:9';
const image = { width: 40, height: 20, seed: 3, prompt: 'A cat' };

function requestFor(url: string, method = 'GET'): SimulatorRequest {
  const parsed = new URL(url);
  return createSimulatorRequest({
    id: 1,
    method,
    path: parsed.pathname,
    query: parsed.searchParams,
    headers: {},
    body: Buffer.alloc(0),
    receivedAt: Date.now(),
  });
}

describe('EphemeralImageHost', () => {
  it('hands out Ideogram-shaped URLs and serves the PNG they name', () => {
    const host = new EphemeralImageHost(60_000);
    const url = host.put(image, origin);

    expect(url).toMatch(
      /^http:\/\/127\.0\.0\.1:9\/api\/images\/ephemeral\/[0-9A-Za-z]{22}\.png\?exp=\d+&sig=[0-9a-f]{64}$/,
    );
    const response = host.serve(requestFor(url));
    expect(response.status).toBeUndefined();
    expect(response.headers?.['content-type']).toBe('image/png');
    expect(response.headers?.['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect(readImageMetadata(response.body as Uint8Array)).toEqual({
      mediaType: 'image/png',
      width: 40,
      height: 20,
    });
  });

  it('serves HEAD like GET', () => {
    const host = new EphemeralImageHost(60_000);
    const response = host.serve(requestFor(host.put(image, origin), 'HEAD'));

    expect(response.headers?.['content-type']).toBe('image/png');
  });

  it('gives every URL its own id and signature', () => {
    const host = new EphemeralImageHost(60_000);
    const first = new URL(host.put(image, origin));
    const second = new URL(host.put(image, origin));

    expect(first.pathname).not.toBe(second.pathname);
    expect(first.searchParams.get('sig')).not.toBe(second.searchParams.get('sig'));
  });

  it('does not accept another host’s signatures', () => {
    const url = new EphemeralImageHost(60_000).put(image, origin);

    expect(new EphemeralImageHost(60_000).serve(requestFor(url))).toMatchObject({
      status: 403,
      body: 'Forbidden: the link signature does not match.',
    });
  });

  it.each(['exp=abc', 'exp=', ''])('refuses a malformed expiry (%j)', expiry => {
    const host = new EphemeralImageHost(60_000);
    const url = new URL(host.put(image, origin));
    url.search = `${expiry}&sig=${url.searchParams.get('sig')}`;

    expect(host.serve(requestFor(url.href))).toMatchObject({
      status: 403,
      body: 'Forbidden: the link is not signed.',
    });
  });

  it('expires a URL whose time-to-live is zero', () => {
    const host = new EphemeralImageHost(0);

    expect(host.serve(requestFor(host.put(image, origin)))).toMatchObject({
      status: 403,
      body: 'Forbidden: the link has expired.',
    });
  });
});
