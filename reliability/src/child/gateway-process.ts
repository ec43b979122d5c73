// The gateway as its own process (R6, R7, R8): the OpenAI provider pointed at a simulator in the
// parent, the gateway on a loopback port, a SIGTERM handler that closes it gracefully, and an IPC
// channel over which the parent reads its memory and socket counters. Configured by the
// EASEL_RELIABILITY_CHILD environment variable (JSON, see `GatewayProcessConfig`). Nothing but
// the gateway's work keeps it alive: once closed, it exits on its own (exit code 0).
import type { Socket } from 'node:net';
import { createEasel } from '@easel/core';
import { createGateway } from '@easel/gateway';
import { createOpenAI } from '@easel/provider-openai';
import { Agent } from 'undici';
import { canaryGatewayKey, canaryProviderKey } from '../support/canary-keys.js';
import type {
  GatewayProcessConfig,
  GatewayProcessReply,
  GatewayProcessRequest,
} from './gateway-process-protocol.js';

const config = JSON.parse(process.env.EASEL_RELIABILITY_CHILD ?? '{}') as GatewayProcessConfig;
const dispatcher = new Agent({ keepAliveTimeout: 4_000 });
const easel = createEasel({
  providers: [
    createOpenAI({
      apiKey: canaryProviderKey,
      baseURL: `${config.upstream}/v1`,
      downloads: { allowlist: [config.upstream] },
      dispatcher,
    }),
  ],
  maxConcurrency: config.maxConcurrency,
});
const gateway = await createGateway({
  easel,
  apiKeys: [canaryGatewayKey],
  limits: {
    ...(config.bodyBytes === undefined ? {} : { bodyBytes: config.bodyBytes }),
    providers: { openai: { concurrency: config.concurrency, maxQueue: config.maxQueue } },
  },
});

// What the server read from each client connection: proof that a refused body was not read.
// Counted per period (between two resets), over the connections opened in it: a connection that
// lingers on after its test must not count in the next one.
let maxBytesRead = 0;
let period = 0;
const open = new Map<Socket, number>();
gateway.app.server.on('connection', socket => {
  open.set(socket, period);
  socket.once('close', () => {
    if (open.get(socket) === period) maxBytesRead = Math.max(maxBytesRead, socket.bytesRead);
    open.delete(socket);
  });
});

function reply(message: GatewayProcessReply): void {
  if (process.connected) process.send?.(message);
}

process.on('message', (message: GatewayProcessRequest) => {
  if (message.type !== 'stats') return;
  global.gc?.();
  for (const [socket, opened] of open) {
    if (opened === period) maxBytesRead = Math.max(maxBytesRead, socket.bytesRead);
  }
  reply({
    type: 'stats',
    id: message.id,
    rss: process.memoryUsage().rss,
    peakRss: process.resourceUsage().maxRSS * 1024,
    openSockets: open.size,
    maxBytesRead,
  });
  if (message.resetBytes) {
    maxBytesRead = 0;
    period++;
  }
});

process.once('SIGTERM', () => {
  void (async () => {
    await gateway.close({ graceMs: config.graceMs });
    await dispatcher.close();
    reply({ type: 'closed' });
  })();
});

const url = await gateway.listen();
// The IPC channel alone must not keep the process alive.
process.channel?.unref();
reply({ type: 'ready', url });
