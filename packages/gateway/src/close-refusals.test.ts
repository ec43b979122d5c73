import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEasel } from '@easel/core';
import { expect, it } from 'vitest';
import { createGateway } from './create-gateway.js';
import type { Gateway } from './gateway-options.js';

/** Requests written one after the other on one keep-alive connection; resolves with the answers' text. */
function pipeline(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  const closed = new Promise<void>(resolve => socket.once('close', () => resolve()));
  return {
    send: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`),
    answers: async () => {
      await Promise.race([closed, sleep(2_000)]);
      socket.destroy();
      return text;
    },
  };
}

it.each([
  ['gateway.close()', (gateway: Gateway) => gateway.close({ graceMs: 0 })],
  ['app.close()', (gateway: Gateway) => gateway.app.close()],
])(
  'answers requests that arrive while the server closes (%s) with 503 shutting_down',
  async (_, close) => {
    const gateway = await createGateway({ easel: createEasel({ providers: [] }), logger: false });
    gateway.app.get('/slow', async () => {
      await sleep(300);
      return { ok: true };
    });
    const url = await gateway.listen();
    const connection = pipeline(url);
    connection.send('/slow');
    await sleep(50);
    const closed = close(gateway);
    // The predictions are drained (none), so the HTTP server itself is closing now, waiting for
    // /slow; the next request on its connection arrives in that phase.
    await sleep(50);
    connection.send('/healthz');
    const text = await connection.answers();
    await closed;
    const answers = text.split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200/);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 503/);
    expect(answers[1]?.toLowerCase()).toContain('retry-after: 1');
    expect(answers[1]).toContain('"code":"shutting_down"');
  },
);
