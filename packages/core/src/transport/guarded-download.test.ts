import type { ServerResponse } from 'node:http';
import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import {
  closeLoopbackServers,
  type LoopbackServer,
  pngBytes,
  startConnectionCounter,
  startLoopbackServer,
} from './__fixtures__/loopback-server.js';
import type { HostResolver } from './address-policy.js';
import { closeGuardedAgents } from './guarded-agent.js';
import { type GuardedDownloadOptions, guardedDownload } from './guarded-download.js';

const inputSource = { kind: 'input', path: ['input_image'] } as const;
const responseSource = { kind: 'response', provider: 'ideogram' } as const;

/** A resolver over a fixed table; unknown names fail like real DNS. Records every question. */
function fakeResolver(
  table: Record<string, readonly string[]>,
): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    return addresses.map(address => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

const publicAddress = '93.184.216.34';

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the download to fail');
    },
    (error: unknown) => error,
  );
}

async function inputRefusal(url: string, options: Partial<GuardedDownloadOptions> = {}) {
  const error = await failureOf(guardedDownload(url, { source: inputSource, ...options }));
  if (!InvalidInputError.isInstance(error)) throw error;
  expect(error.issues).toHaveLength(1);
  return error.issues[0]!;
}

async function providerFailure(url: string, options: Partial<GuardedDownloadOptions> = {}) {
  const error = await failureOf(guardedDownload(url, { source: responseSource, ...options }));
  if (!ProviderError.isInstance(error)) throw error;
  return error;
}

function servePng(response: ServerResponse, bytes = pngBytes(), type = 'image/png'): void {
  response.writeHead(200, { 'content-type': type, 'content-length': bytes.byteLength });
  response.end(bytes);
}

/** Streams up to 50 MiB lazily (honouring backpressure) and reports how much it wrote. */
function serveLazily(
  response: ServerResponse,
  headers: Record<string, string | number>,
): Promise<{ sent: number; finished: boolean }> {
  const total = 50 * 1024 * 1024;
  const chunk = new Uint8Array(64 * 1024);
  chunk.set(pngBytes(8));
  let sent = 0;
  response.writeHead(200, headers);
  const pump = () => {
    while (sent < total && !response.destroyed) {
      sent += chunk.byteLength;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  pump();
  return new Promise(resolve =>
    response.on('close', () => resolve({ sent, finished: response.writableFinished })),
  );
}

afterEach(closeLoopbackServers);
afterAll(closeGuardedAgents);

describe('guardedDownload refuses SSRF targets before connecting', () => {
  const resolve = fakeResolver({
    'images.example': [publicAddress],
    'private.example': ['10.0.0.5'],
    'mixed.example': [publicAddress, '10.0.0.1'],
    'mapped.example': ['::ffff:127.0.0.1'],
  });
  const refusals: ReadonlyArray<readonly [string, string]> = [
    ['http://127.0.0.1/', 'loopback (127.0.0.0/8)'],
    ['https://127.0.0.1/', 'loopback (127.0.0.0/8)'],
    ['http://[::1]/', 'loopback (::1)'],
    ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
    ['https://[::ffff:7f00:1]/', 'IPv4-mapped loopback'],
    ['https://[fd00:ec2::254]/latest/meta-data/', 'cloud metadata'],
    ['http://2130706433/', 'unusual notation'],
    ['http://0x7f000001/', 'unusual notation'],
    ['http://0177.0.0.1/', 'unusual notation'],
    ['http://127.1/', 'unusual notation'],
    ['https://%31%32%37.0.0.1/', 'unusual notation'],
    ['https://0x08.8.8.8/', 'unusual notation'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata endpoint (169.254.169.254)'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'cloud metadata'],
    ['https://metadata/', 'cloud metadata'],
    ['https://localhost/', 'loopback host name'],
    ['https://images.localhost/', 'loopback host name'],
    ['https://user:hunter2-password@images.example/a.png', 'credentials in the URL'],
    ['ftp://images.example/a.png', 'scheme "ftp:"'],
    ['file:///etc/passwd', 'scheme "file:"'],
    ['gopher://images.example:70/_GET', 'scheme "gopher:"'],
    ['http://images.example/a.png', 'plain http'],
    ['https://images.example:8443/a.png', 'port 8443'],
    ['https://private.example/a.png', 'private (10.0.0.0/8)'],
    ['https://mixed.example/a.png', 'private (10.0.0.0/8)'],
    ['https://mapped.example/a.png', 'IPv4-mapped loopback'],
    ['not a url', 'not a valid URL'],
  ];

  it.each(refusals)('%s → %s', async (url, reason) => {
    const dispatcher = new MockAgent({ enableCallHistory: true });
    dispatcher.disableNetConnect();
    const issue = await inputRefusal(url, { resolve, dispatcher });
    expect(issue.path).toEqual(['input_image']);
    expect(issue.message).toMatch(/^URL refused: /);
    expect(issue.message).toContain(reason);
    expect(dispatcher.getCallHistory()?.calls()).toEqual([]);
    await dispatcher.close();
  });

  it('never shows userinfo or the query string', async () => {
    const issue = await inputRefusal('https://user:hunter2-password@images.example/a.png?sig=abc');
    expect(issue.received).toBe('https://images.example/a.png');
    const error = await providerFailure('https://169.254.169.254/a.png?X-Amz-Signature=abc123');
    expect(error.message).not.toContain('Signature');
    expect(error.url).toBe('https://169.254.169.254/a.png');
  });

  it('reports a refused provider URL as a non-retryable unsafe_url ProviderError', async () => {
    const error = await providerFailure('https://private.example/result.png?sig=1', { resolve });
    expect(error).toMatchObject({
      provider: 'ideogram',
      providerCode: 'unsafe_url',
      retryable: false,
      status: undefined,
    });
    expect(error.message).toContain('download of https://private.example/result.png refused');
  });
});

describe('guardedDownload pins the checked address at connect time', () => {
  it('refuses DNS rebinding (public first, loopback second) and never connects', async () => {
    const counter = await startConnectionCounter();
    let calls = 0;
    const resolve: HostResolver = async () => {
      calls += 1;
      return [{ address: calls === 1 ? publicAddress : '127.0.0.1', family: 4 }];
    };
    const issue = await inputRefusal(`https://rebind.example:${counter.port}/a.png`, {
      resolve,
      httpsPorts: [counter.port],
    });
    expect(issue.message).toContain('loopback (127.0.0.0/8)');
    expect(calls).toBe(2);
    expect(counter.connections()).toBe(0);
  });

  it('would be seen by the connection counter had it connected (control)', async () => {
    const counter = await startConnectionCounter();
    const resolve = fakeResolver({ 'rebind.example': ['127.0.0.1'] });
    await failureOf(
      guardedDownload(`https://rebind.example:${counter.port}/a.png`, {
        source: inputSource,
        resolve,
        allowlist: ['rebind.example'],
      }),
    );
    expect(counter.connections()).toBe(1);
  });

  it('connects to a made-up host name allowlisted by name, through the injected resolver', async () => {
    const server = await startLoopbackServer((_request, response) => servePng(response));
    const resolve = fakeResolver({ 'images.test': ['127.0.0.1'] });
    const result = await guardedDownload(`http://images.test:${server.port}/a.png`, {
      source: inputSource,
      resolve,
      allowlist: ['images.test'],
    });
    expect(new Uint8Array(result.bytes)).toEqual(pngBytes());
    expect(resolve.asked).toEqual(['images.test']);
  });

  it('refuses the same host name when it is not allowlisted', async () => {
    const resolve = fakeResolver({ 'images.test': ['127.0.0.1'] });
    const issue = await inputRefusal('https://images.test/a.png', { resolve });
    expect(issue.message).toContain('resolves to a blocked address: loopback');
  });
});

describe('guardedDownload over loopback', () => {
  const noDns: HostResolver = async hostname => {
    throw new Error(`unexpected lookup of ${hostname}`);
  };
  const allowlisted = (...servers: LoopbackServer[]) => ({
    resolve: noDns,
    allowlist: servers.map(server => server.origin),
  });

  it('returns the served bytes, media type, headers and final URL after a redirect', async () => {
    const image = pngBytes(4096);
    const server = await startLoopbackServer((request, response) => {
      if (request.url === '/start?sig=1') {
        response.writeHead(302, { location: '/images/final.png?sig=2' }).end();
      } else {
        response.setHeader('x-request-id', 'abc');
        servePng(response, image);
      }
    });
    const result = await guardedDownload(`${server.origin}/start?sig=1`, {
      source: responseSource,
      userAgent: 'easel-test/1.0',
      ...allowlisted(server),
    });
    expect(new Uint8Array(result.bytes)).toEqual(image);
    expect(result.bytes).toBeInstanceOf(Uint8Array);
    expect(result.mediaType).toBe('image/png');
    expect(result.url).toBe(`${server.origin}/images/final.png?sig=2`);
    expect(result.headers).toMatchObject({ 'content-type': 'image/png', 'x-request-id': 'abc' });
    expect(server.requests.map(request => request.path)).toEqual([
      '/start?sig=1',
      '/images/final.png?sig=2',
    ]);
    expect(server.requests[0]!.headers).toMatchObject({
      'user-agent': 'easel-test/1.0',
      accept: 'image/*',
      'accept-encoding': 'identity',
    });
  });

  it('sends credentials to their origin only, not after a redirect to another origin', async () => {
    const other = await startLoopbackServer((_request, response) => servePng(response));
    const home = await startLoopbackServer((request, response) => {
      const target = request.url === '/start' ? '/again' : `${other.origin}/b.png`;
      response.writeHead(307, { location: target }).end();
    });
    const result = await guardedDownload(`${home.origin}/start`, {
      source: responseSource,
      credentials: {
        origin: home.origin,
        headers: { authorization: 'Bearer sk-test-credential-1' },
      },
      ...allowlisted(home, other),
    });
    expect(result.url).toBe(`${other.origin}/b.png`);
    expect(home.requests.map(request => request.headers.authorization)).toEqual([
      'Bearer sk-test-credential-1',
      'Bearer sk-test-credential-1',
    ]);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
  });

  it.each([
    ['https://evil.example/a.png', 'private (10.0.0.0/8)'],
    ['http://evil.example/a.png', 'plain http'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['http://2130706433/', 'unusual notation'],
    ['file:///etc/passwd', 'scheme "file:"'],
  ])('re-validates a redirect to %s', async (location, reason) => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(302, { location }).end();
    });
    const resolve = fakeResolver({ 'evil.example': ['10.0.0.1'] });
    const error = await providerFailure(`${server.origin}/start`, {
      resolve,
      allowlist: [server.origin],
    });
    expect(error.providerCode).toBe('unsafe_url');
    expect(error.message).toContain(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after maxRedirects', async () => {
    const server = await startLoopbackServer((request, response) => {
      const hop = Number(request.url?.slice(1));
      response.writeHead(301, { location: `/${hop + 1}` }).end();
    });
    const error = await providerFailure(`${server.origin}/0`, {
      maxRedirects: 3,
      ...allowlisted(server),
    });
    expect(error).toMatchObject({ providerCode: 'too_many_redirects', retryable: false });
    expect(server.requests.map(request => request.path)).toEqual(['/0', '/1', '/2', '/3']);
  });

  it('refuses a declared Content-Length over maxBytes without reading the body', async () => {
    let served: Promise<{ sent: number; finished: boolean }> | undefined;
    const server = await startLoopbackServer((_request, response) => {
      served = serveLazily(response, {
        'content-type': 'image/png',
        'content-length': 50 * 1024 * 1024,
      });
    });
    const error = await providerFailure(`${server.origin}/big.png`, {
      maxBytes: 1024 * 1024,
      ...allowlisted(server),
    });
    expect(error).toMatchObject({ providerCode: 'download_too_large', retryable: false });
    expect(error.message).toContain('52428800 bytes exceeds the limit of 1048576 bytes');
    const outcome = await served!;
    expect(outcome.finished).toBe(false);
    expect(outcome.sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('stops a chunked body as soon as it passes maxBytes', async () => {
    let served: Promise<{ sent: number; finished: boolean }> | undefined;
    const server = await startLoopbackServer((_request, response) => {
      served = serveLazily(response, { 'content-type': 'image/png' });
    });
    const issue = await inputRefusal(`${server.origin}/big.png`, {
      maxBytes: 1024 * 1024,
      ...allowlisted(server),
    });
    expect(issue.message).toBe('URL refused: body exceeds the limit of 1048576 bytes');
    const outcome = await served!;
    expect(outcome.finished).toBe(false);
    expect(outcome.sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses a text/html answer', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html>');
    });
    const error = await providerFailure(`${server.origin}/a.png`, allowlisted(server));
    expect(error).toMatchObject({ providerCode: 'unexpected_media_type', retryable: false });
    expect(error.message).toContain('unexpected media type text/html');
  });

  it('refuses an image/png answer whose bytes are not an image', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' }).end('<svg onload="alert(1)"></svg>');
    });
    const error = await providerFailure(`${server.origin}/a.png`, allowlisted(server));
    expect(error.providerCode).toBe('unexpected_media_type');
  });

  it('accepts application/octet-stream with PNG magic bytes, as image/png', async () => {
    const server = await startLoopbackServer((_request, response) =>
      servePng(response, pngBytes(), 'application/octet-stream'),
    );
    const result = await guardedDownload(`${server.origin}/a`, {
      source: inputSource,
      ...allowlisted(server),
    });
    expect(result.mediaType).toBe('image/png');
    expect(new Uint8Array(result.bytes)).toEqual(pngBytes());
  });

  it('refuses application/octet-stream without image magic bytes', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end('MZ\x90\x00 not an image at all');
    });
    const issue = await inputRefusal(`${server.origin}/a`, allowlisted(server));
    expect(issue.message).toContain('body is not an accepted image');
  });

  it('accepts other media types when allowed, without sniffing', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const result = await guardedDownload(`${server.origin}/a.json`, {
      source: inputSource,
      allowedMediaTypes: ['application/json'],
      ...allowlisted(server),
    });
    expect(new TextDecoder().decode(result.bytes)).toBe('{"ok":true}');
    expect(result.mediaType).toBe('application/json');
  });

  it('turns a 404 into a ProviderError for a response URL', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(404).end('not found');
    });
    const error = await providerFailure(
      `${server.origin}/gone.png?sig=secret-signature`,
      allowlisted(server),
    );
    expect(error).toMatchObject({ status: 404, provider: 'ideogram', retryable: false });
    expect(error.message).toContain(`download of ${server.origin}/gone.png failed: HTTP 404`);
    expect(error.message).not.toContain('secret-signature');
  });

  it('marks a 503 as retryable', async () => {
    const server = await startLoopbackServer((_request, response) => response.writeHead(503).end());
    const error = await providerFailure(`${server.origin}/a.png`, allowlisted(server));
    expect(error).toMatchObject({ status: 503, retryable: true });
  });

  it('turns a 404 into an InvalidInputError for an input URL', async () => {
    const server = await startLoopbackServer((_request, response) => response.writeHead(404).end());
    const issue = await inputRefusal(`${server.origin}/gone.png`, allowlisted(server));
    expect(issue).toEqual({
      path: ['input_image'],
      message: 'download failed: HTTP 404',
      received: `${server.origin}/gone.png`,
    });
  });

  it('times out when the body stalls', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.write(pngBytes(16));
    });
    const error = await failureOf(
      guardedDownload(`${server.origin}/a.png`, {
        source: responseSource,
        timeouts: { bodyMs: 100 },
        ...allowlisted(server),
      }),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ phase: 'body', timeoutMs: 100, provider: 'ideogram' });
  });

  it('times out when the headers never come', async () => {
    const server = await startLoopbackServer(() => undefined);
    const error = await failureOf(
      guardedDownload(`${server.origin}/a.png`, {
        source: inputSource,
        timeouts: { headersMs: 100 },
        ...allowlisted(server),
      }),
    );
    expect(error).toMatchObject({ phase: 'headers', timeoutMs: 100, provider: undefined });
  });

  it('times out at the deadline', async () => {
    const server = await startLoopbackServer(() => undefined);
    const error = await failureOf(
      guardedDownload(`${server.origin}/a.png`, {
        source: responseSource,
        deadline: Date.now() + 100,
        ...allowlisted(server),
      }),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ phase: 'total', provider: 'ideogram' });
  });

  it('fails with AbortError when aborted mid-request', async () => {
    const controller = new AbortController();
    const server = await startLoopbackServer(() => controller.abort());
    const error = await failureOf(
      guardedDownload(`${server.origin}/a.png`, {
        source: responseSource,
        abortSignal: controller.signal,
        ...allowlisted(server),
      }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('fails with AbortError without connecting when already aborted', async () => {
    const server = await startLoopbackServer((_request, response) => servePng(response));
    const error = await failureOf(
      guardedDownload(`${server.origin}/a.png`, {
        source: inputSource,
        abortSignal: AbortSignal.abort(),
        ...allowlisted(server),
      }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(server.connections()).toBe(0);
  });

  it('reports a refused connection as a retryable download_failed ProviderError', async () => {
    const server = await startLoopbackServer(() => undefined);
    const origin = server.origin;
    await server.close();
    const error = await providerFailure(`${origin}/a.png`, { resolve: noDns, allowlist: [origin] });
    expect(error).toMatchObject({ providerCode: 'download_failed', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('guardedDownload with a custom dispatcher', () => {
  it('downloads through it after the pre-connect checks', async () => {
    const dispatcher = new MockAgent();
    dispatcher.disableNetConnect();
    dispatcher
      .get('https://cdn.example')
      .intercept({ path: '/a.png?sig=1', method: 'GET' })
      .reply(200, Buffer.from(pngBytes()), { headers: { 'content-type': 'image/png' } });
    const resolve = fakeResolver({ 'cdn.example': [publicAddress] });
    const result = await guardedDownload('https://cdn.example/a.png?sig=1', {
      source: responseSource,
      resolve,
      dispatcher,
    });
    await dispatcher.close();
    expect(new Uint8Array(result.bytes)).toEqual(pngBytes());
    expect(resolve.asked).toEqual(['cdn.example']);
  });
});
