import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEasel } from '@easel/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './__fixtures__/gateway-harness.js';
import { RawConnection } from './__fixtures__/raw-connection.js';
import { createGateway } from './create-gateway.js';
import type { Gateway, GatewayLimits } from './gateway-options.js';

// Answers sent before the request body was read (401, 413): with `Expect: 100-continue` the body
// is never invited; without it the connection lingers so the client can read the answer while
// it is still sending, within bounds.
const key = 'gw-early-0123456789abcdef';
const KiB = 1024;
const MiB = 1024 * KiB;
const bodyBytes = 64 * KiB;
const path = '/v1/models/ref-sync/predictions';
const validBody = JSON.stringify({ input: { prompt: 'a deer', size: '512x512' } });

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness({ gateway: { apiKeys: [key], limits: { bodyBytes } } });
});
afterAll(() => harness.close());

const connections: RawConnection[] = [];
afterEach(() => {
  for (const connection of connections.splice(0)) connection.close();
});

async function open(
  url: string,
  options: Parameters<typeof RawConnection.open>[1] = {},
): Promise<RawConnection> {
  const connection = await RawConnection.open(url, options);
  connections.push(connection);
  return connection;
}

function head(
  options: {
    authorization?: string;
    length?: number;
    chunked?: boolean;
    expect?: boolean;
    path?: string;
  } = {},
): string {
  return [
    `POST ${options.path ?? path} HTTP/1.1`,
    'Host: gateway.test',
    'Content-Type: application/json',
    ...(options.authorization === undefined ? [] : [`Authorization: ${options.authorization}`]),
    options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.length ?? 0}`,
    ...(options.expect ? ['Expect: 100-continue'] : []),
    '',
    '',
  ].join('\r\n');
}

const bearer = `Bearer ${key}`;

/** `size` bytes of body, framed as one chunk when `chunked`. */
function body(size: number, chunked = false): Buffer {
  const bytes = Buffer.alloc(size, 0x61);
  if (!chunked) return bytes;
  return Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
}

/** A gateway of its own (no provider), listening, closed after the test. */
async function gatewayWith(limits: GatewayLimits): Promise<{ gateway: Gateway; url: string }> {
  const gateway = await createGateway({
    easel: createEasel({ providers: [] }),
    apiKeys: [key],
    logger: false,
    limits: { bodyBytes, ...limits },
  });
  const url = await gateway.listen();
  afterClose.push(() => gateway.close({ graceMs: 0 }));
  return { gateway, url };
}
const afterClose: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of afterClose.splice(0)) await close();
});

/** The server's side of each connection accepted by `gateway` from now on. */
function serverSockets(gateway: Gateway): Socket[] {
  const sockets: Socket[] = [];
  gateway.app.server.on('connection', socket => sockets.push(socket));
  return sockets;
}

describe('Expect: 100-continue', () => {
  it('answers 413 to a declared length over the cap without inviting the body', async () => {
    const connection = await open(harness.url);
    await connection.write(head({ authorization: bearer, length: 10 * MiB, expect: true }));
    const answer = await connection.answer();
    expect(answer.status).toBe(413);
    expect(connection.text).not.toContain('100 Continue');
    expect(answer.head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        code: 'body_too_large',
        message: expect.stringContaining(`limit of ${bodyBytes} bytes`),
        details: { limitBytes: bodyBytes, contentLength: 10 * MiB },
      },
    });
  });

  it.each([
    ['no key', undefined],
    ['a wrong key', 'Bearer gw-early-0123456789abcdeX'],
  ])('answers 401 to %s without inviting the body', async (_, authorization) => {
    const connection = await open(harness.url);
    await connection.write(head({ authorization, length: 1_000, expect: true }));
    const answer = await connection.answer();
    expect(answer.status).toBe(401);
    expect(connection.text).not.toContain('100 Continue');
    expect(JSON.parse(answer.body).error.code).toBe('unauthorized');
  });

  it('invites a body within the cap with the right key, then answers as usual', async () => {
    const connection = await open(harness.url);
    await connection.write(
      head({ authorization: bearer, length: Buffer.byteLength(validBody), expect: true }),
    );
    await connection.waitFor('100 Continue', text =>
      text.startsWith('HTTP/1.1 100 Continue\r\n\r\n') ? true : undefined,
    );
    await connection.write(validBody);
    const answer = await connection.answer();
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'succeeded' });
  });

  it("follows a route's own smaller limit, and invites what it accepts", async () => {
    const gateway = await createGateway({ easel: createEasel({ providers: [] }), logger: false });
    afterClose.push(() => gateway.close({ graceMs: 0 }));
    gateway.app.post('/small', { bodyLimit: 1_000 }, async request => ({ got: request.body }));
    const url = await gateway.listen();

    const over = await open(url);
    await over.write(head({ path: '/small', length: 2_000, expect: true }));
    expect((await over.answer()).status).toBe(413);
    expect(over.text).not.toContain('100 Continue');

    const within = await open(url);
    await within.write(head({ path: '/small', length: 11, expect: true }));
    await within.waitFor('100 Continue', text => (text.includes(' 100 ') ? true : undefined));
    await within.write('{"a":"abc"}');
    const answer = await within.answer();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ got: { a: 'abc' } });
  });
});

describe('lingering close', () => {
  // Each client writes its whole body before reading anything, and its body arrives after the
  // answer was sent: without the lingering close the server has closed by then, its kernel
  // answers the body with a reset, and the reset discards the answer the client had not read.
  it.each([
    ['413 from Content-Length', { authorization: bearer, length: 2 * MiB }, false, 413],
    ['413 while reading a chunked body', { authorization: bearer, chunked: true }, true, 413],
    ['401 before reading', { length: 2 * MiB }, false, 401],
  ] as const)(
    'delivers the %s to a client that sends its whole body first',
    async (_, options, chunked, status) => {
      const connection = await open(harness.url, { paused: true });
      await connection.write(head(options));
      await sleep(100);
      await connection.write(body(2 * MiB, chunked));
      if (chunked) await connection.write('0\r\n\r\n');
      connection.resume();
      const answer = await connection.answer();
      expect(answer.status).toBe(status);
      expect(answer.head.toLowerCase()).toContain('connection: close');
      expect(JSON.parse(answer.body).error.code).toBe(
        status === 413 ? 'body_too_large' : 'unauthorized',
      );
      // The client closes after the answer; the server follows.
      connection.socket.end();
      expect((await connection.ended).error).toBeUndefined();
    },
  );

  it('keeps a 401 without a body on a keep-alive connection', async () => {
    const connection = await open(harness.url);
    await connection.write('GET /v1/models HTTP/1.1\r\nHost: gateway.test\r\n\r\n');
    const answer = await connection.answer();
    expect(answer.status).toBe(401);
    expect(answer.head.toLowerCase()).not.toContain('connection: close');
  });

  it('cuts a client that never closes after lingerMs, having read at most lingerBytes', async () => {
    const lingerBytes = 256 * KiB;
    const { gateway, url } = await gatewayWith({ lingerMs: 300, lingerBytes });
    const sockets = serverSockets(gateway);
    const connection = await open(url, { halfOpen: true });
    await connection.write(head({ authorization: bearer, length: 1024 * MiB }));
    const answer = await connection.answer();
    expect(answer.status).toBe(413);
    // Go on sending, never close: the server drops what it reads, stops reading at the byte
    // bound, and destroys the connection at the time bound.
    const chunk = body(64 * KiB);
    let sent = 0;
    const sending = (async () => {
      try {
        for (;;) {
          await connection.write(chunk);
          sent += chunk.byteLength;
        }
      } catch {
        // The reset that ends the connection.
      }
    })();
    const end = await Promise.race([
      connection.ended,
      new Promise<'still open'>(resolve => setTimeout(() => resolve('still open'), 10_000)),
    ]);
    await sending;
    expect(end).not.toBe('still open');
    expect(sent).toBeGreaterThan(lingerBytes);
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.destroyed).toBe(true);
    // The head, what was dropped up to the bound, and what the socket's stream had buffered.
    expect(sockets[0]!.bytesRead).toBeLessThan(lingerBytes + 256 * KiB);
  });

  it('ends lingering connections when the gateway closes', async () => {
    const { gateway, url } = await gatewayWith({ lingerMs: 600_000 });
    const sockets = serverSockets(gateway);
    const connection = await open(url, { halfOpen: true });
    await connection.write(head({ authorization: bearer, length: 10 * MiB }));
    expect((await connection.answer()).status).toBe(413);
    expect(sockets[0]!.destroyed).toBe(false);
    // The client neither sends nor closes: only the 10-minute bound would end the linger.
    const closed = await Promise.race([
      gateway.close({ graceMs: 0 }).then(() => 'closed' as const),
      new Promise<'still closing'>(resolve => setTimeout(() => resolve('still closing'), 10_000)),
    ]);
    expect(closed).toBe('closed');
    expect(sockets[0]!.destroyed).toBe(true);
  });

  it('refuses bounds that are not positive numbers', async () => {
    for (const limits of [{ lingerMs: 0 }, { lingerBytes: -1 }, { lingerMs: Number.NaN }]) {
      await expect(
        createGateway({ easel: createEasel({ providers: [] }), logger: false, limits }),
      ).rejects.toThrow(/limits\.linger/);
    }
  });
});
