import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';

/** A request as the loopback server saw it. */
export interface SeenRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** An HTTP server on 127.0.0.1 (port chosen by the OS) that records what it receives. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: SeenRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** A plain TCP server that counts connections and drops each one at once. */
export interface ConnectionCounter {
  readonly port: number;
  connections(): number;
  close(): Promise<void>;
}

const openServers = new Set<{ close(): Promise<void> }>();

/** Start a loopback HTTP server; `closeLoopbackServers` stops it. */
export async function startLoopbackServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  let connections = 0;
  const server = createHttpServer((request, response) => {
    requests.push({ path: request.url ?? '', headers: request.headers });
    handler(request, response);
  });
  server.on('connection', () => {
    connections += 1;
  });
  const port = await listen(server);
  const entry = {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () => {
      openServers.delete(entry);
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
  openServers.add(entry);
  return entry;
}

/** Start a loopback TCP server that counts and immediately destroys every connection. */
export async function startConnectionCounter(): Promise<ConnectionCounter> {
  let connections = 0;
  const server = createTcpServer(socket => {
    connections += 1;
    socket.destroy();
  });
  const port = await listen(server);
  const entry = {
    port,
    connections: () => connections,
    close: () => {
      openServers.delete(entry);
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
  openServers.add(entry);
  return entry;
}

/** Stop every server started by this helper. */
export async function closeLoopbackServers(): Promise<void> {
  await Promise.all([...openServers].map(server => server.close()));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Eight-byte PNG signature followed by `size - 8` zero bytes. */
export function pngBytes(size = 64): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
}
