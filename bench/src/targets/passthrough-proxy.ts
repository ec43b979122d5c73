import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

/** Request headers that describe one connection, not the message, and are not forwarded. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
]);

/** A running pass-through proxy. */
export interface PassthroughProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Target (d), the floor: a bare undici pass-through proxy. Every request goes to
 * `upstreamUrl + pathPrefix + path` through one pooled origin (unlimited connections, so nothing
 * queues inside the pool); the answer is streamed into the client's response with `pool.stream()`
 * (backpressure, no intermediate buffers, no parsing). No auth, no validation, no logging.
 */
export async function startPassthroughProxy(options: {
  readonly upstreamUrl: string;
  readonly pathPrefix: string;
}): Promise<PassthroughProxy> {
  const pool = new Pool(options.upstreamUrl, { connections: null, keepAliveTimeout: 30_000 });
  const server = createServer((request, response) => {
    pool
      .stream(
        {
          path: options.pathPrefix + (request.url ?? '/'),
          method: request.method as 'POST',
          headers: forwardable(request.headers),
          body: request,
        },
        ({ statusCode, headers }) => {
          response.writeHead(statusCode, forwardable(headers as IncomingHttpHeaders));
          return response;
        },
      )
      .catch((error: unknown) => {
        if (response.headersSent) {
          response.destroy(error as Error);
          return;
        }
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: String(error) } }));
      });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await pool.close();
    },
  };
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) kept[name] = value;
  }
  return kept;
}
