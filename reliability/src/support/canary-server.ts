import { createServer, type Server } from 'node:net';

/** A TCP server that only counts the connections it gets: the stand-in for a private target. */
export interface CanaryServer {
  readonly host: string;
  readonly port: number;
  connections(): number;
  close(): Promise<void>;
}

/** Listen on `host:port` (port 0: any free one); resolves `undefined` when the port cannot be had. */
export async function startCanaryServer(
  host = '127.0.0.1',
  port = 0,
): Promise<CanaryServer | undefined> {
  let connections = 0;
  const server: Server = createServer(socket => {
    connections += 1;
    socket.destroy();
  });
  const listening = await new Promise<boolean>(resolve => {
    server.once('error', () => resolve(false));
    server.listen(port, host, () => resolve(true));
  });
  if (!listening) return undefined;
  const address = server.address() as { port: number };
  return {
    host,
    port: address.port,
    connections: () => connections,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}
