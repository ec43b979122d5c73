import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook as the receiver saw it. */
export interface ReceivedWebhook {
  readonly path: string;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
}

/** How to answer: a status (and headers), or never answer at all. */
export type ReceiverReply = { status: number; headers?: Record<string, string> } | 'hang';

/** Decides the answer to the request numbered `index` (from 0). */
export type ReceiverHandler = (
  request: ReceivedWebhook,
  index: number,
) => ReceiverReply | Promise<ReceiverReply>;

/** A loopback webhook receiver on 127.0.0.1 that records every request and connection. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly received: ReceivedWebhook[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Start a receiver; it answers 200 unless `handler` says otherwise. */
export async function startWebhookReceiver(
  handler: ReceiverHandler = () => ({ status: 200 }),
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const seen: ReceivedWebhook = {
        path: request.url ?? '',
        headers: flatten(request.headers),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = received.push(seen) - 1;
      const reply = await handler(seen, index);
      if (reply === 'hang') return;
      response.writeHead(reply.status, reply.headers).end('ok');
    });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise(resolve => server.close(() => resolve()));
    },
  };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Wait (polling the event loop) until `condition` holds; fails after `limit` turns. */
export async function until(condition: () => boolean, limit = 2_000): Promise<void> {
  for (let turn = 0; turn < limit; turn++) {
    if (condition()) return;
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}

/** A promise plus its resolver, to hold a receiver's answer until the test says so. */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>(resolve => {
    open = resolve;
  });
  return { opened, open: () => open() };
}
