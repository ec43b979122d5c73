import { createServer } from 'node:net';
import { Agent, buildConnector } from 'undici';

/** An undici agent some of whose connection attempts are refused by the operating system. */
export interface RefusingAgent {
  readonly agent: Agent;
  /** Connection attempts so far, and how many of them were refused. */
  readonly connections: { attempts: number; refused: number };
  /** Decide whether the next connection attempts are refused. */
  setRefusal(refuse: () => boolean): void;
}

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/**
 * A provider dispatcher for connection-level faults: a plain undici `Agent` (so the transport
 * still trusts its "request sent" signal) whose connector sends a refused attempt to a closed
 * loopback port, where the kernel answers with a real `ECONNREFUSED`. Keep-alive is off
 * (`pipelining: 0`), so every upstream attempt opens a connection and can be refused.
 */
export async function createRefusingAgent(
  refuse: () => boolean = () => false,
): Promise<RefusingAgent> {
  const port = await closedPort();
  const connect = buildConnector({ timeout: 5_000 });
  const connections = { attempts: 0, refused: 0 };
  let decide = refuse;
  const agent = new Agent({
    pipelining: 0,
    connect: (options, callback) => {
      connections.attempts += 1;
      if (decide()) {
        connections.refused += 1;
        connect({ ...options, port: String(port) }, callback);
        return;
      }
      connect(options, callback);
    },
  });
  return {
    agent,
    connections,
    setRefusal(next) {
      decide = next;
    },
  };
}
