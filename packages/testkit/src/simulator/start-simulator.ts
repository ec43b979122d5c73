import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { applyFault } from './apply-fault.js';
import { type Fault, type FaultRule, FaultRuleSet } from './fault-rule.js';
import { createSeededRandom } from './seeded-random.js';
import {
  createSimulatorRequest,
  readRequestHead,
  type SimulatorRequest,
} from './simulator-request.js';
import { type PreparedResponse, prepareResponse, sendResponse } from './simulator-response.js';
import type { SimulatorContext, WireHandler } from './wire-handler.js';

/** Options of `startSimulator`. */
export interface StartSimulatorOptions {
  /** Speaks the simulated protocol. */
  readonly handler: WireHandler;
  /** Port to listen on. Default: 0 (any free port). */
  readonly port?: number;
  /** Address to listen on. Default: `127.0.0.1`. */
  readonly host?: string;
  /** Integer seed of the random generators used by probabilistic faults and handlers. Default: 1. */
  readonly seed?: number;
  /** Whether to record requests in `simulator.requests`. Default: `true`. */
  readonly record?: boolean;
  /** How many requests to keep; older ones are dropped first. Default: 1000. */
  readonly maxRecordedRequests?: number;
}

/** A running simulator: a loopback HTTP server around a wire handler, with fault injection. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  /**
   * Every origin this simulator serves: its own, plus any other it hands out URLs on (e.g. a
   * separate file host for result images). Tests allowlist these for downloads.
   */
  readonly origins: readonly string[];
  /** The port it listens on. */
  readonly port: number;
  /** Recorded requests, oldest first (a snapshot; faulted requests included, with `fault` set). */
  readonly requests: readonly SimulatorRequest[];
  /**
   * Errors thrown by the handler (or by a fault rule's `when`), oldest first. Each also made the
   * simulator answer 500; assert this is empty so bugs in simulators do not hide.
   */
  readonly errors: readonly unknown[];
  /** Adds a fault rule after the existing ones; returns a function that removes it. */
  inject(rule: FaultRule): () => void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** Clears recorded requests, errors and fault rules, restarts ids at 1 and reseeds. */
  reset(): void;
  /** Sockets currently open (for leak checks). */
  connections(): number;
  /** Sockets accepted since the simulator started (for connection-reuse checks). */
  connectionsAccepted(): number;
  /** Stops listening and destroys every open socket, stalled ones included. Idempotent. */
  close(): Promise<void>;
}

const keepAliveTimeoutMs = 5_000;
const headersTimeoutMs = 6_000;

/**
 * Starts a simulator on a loopback port.
 *
 * @example
 * const simulator = await startSimulator({
 *   handler: request => ({ body: { created: 1, data: [{ b64_json: '…' }] } }),
 * });
 * simulator.inject({ times: 1, fault: { type: 'respond', status: 503 } });
 * // … point the adapter at simulator.url …
 * await simulator.close();
 */
export async function startSimulator(options: StartSimulatorOptions): Promise<Simulator> {
  const { handler, port = 0, host = '127.0.0.1', seed = 1 } = options;
  const record = options.record ?? true;
  const maxRecordedRequests = options.maxRecordedRequests ?? 1000;
  if (typeof handler !== 'function') throw new TypeError('startSimulator: handler is required');
  if (!(Number.isInteger(maxRecordedRequests) && maxRecordedRequests >= 1)) {
    throw new TypeError(
      `startSimulator: maxRecordedRequests must be a positive integer, got ${maxRecordedRequests}`,
    );
  }

  const sockets = new Set<Socket>();
  const inFlight = new Set<AbortController>();
  let accepted = 0;
  let recorded: SimulatorRequest[] = [];
  let errors: unknown[] = [];
  let faults = new FaultRuleSet(createSeededRandom(seed));
  let nextId = 1;
  let generation = 0;
  let closing: Promise<void> | undefined;
  let baseUrl = '';

  const server = createServer();
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = headersTimeoutMs;
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (incoming: IncomingMessage, outgoing: ServerResponse) => {
    void handleExchange(incoming, outgoing);
  });

  async function handleExchange(incoming: IncomingMessage, outgoing: ServerResponse) {
    const controller = new AbortController();
    const onClose = () => {
      // 'close' also follows a completed response; only an unfinished one means the client left.
      if (!outgoing.writableFinished) controller.abort();
    };
    outgoing.once('close', onClose);
    inFlight.add(controller);
    const id = nextId++;
    const arrivedIn = generation;
    const receivedAt = Date.now();
    try {
      const head = readRequestHead(incoming);
      let loading: Promise<SimulatorRequest> | undefined;
      const loadRequest = () => {
        loading ??= readBody(incoming).then(body =>
          createSimulatorRequest({ ...head, id, receivedAt, body }),
        );
        return loading;
      };
      const fault = await faults.select(head, loadRequest);
      const skipsBody =
        fault?.type === 'reset' && fault.when === 'before-request-body' && loading === undefined;
      const plain = skipsBody
        ? createSimulatorRequest({ ...head, id, receivedAt, body: Buffer.alloc(0) })
        : await loadRequest();
      const request: SimulatorRequest = fault ? { ...plain, fault: fault.type } : plain;
      if (record && arrivedIn === generation) remember(request);

      const context: SimulatorContext = {
        baseUrl,
        random: createSeededRandom((seed ^ Math.imul(id, 0x9e3779b1)) >>> 0),
        signal: controller.signal,
      };
      await answerRequest(request, context, fault, incoming.socket, outgoing);
    } catch (error) {
      // A destroyed socket means the client left mid-request: its fault, not the simulator's.
      if (!incoming.socket.destroyed) fail(outgoing, error);
    } finally {
      inFlight.delete(controller);
      outgoing.off('close', onClose);
    }
  }

  async function answerRequest(
    request: SimulatorRequest,
    context: SimulatorContext,
    fault: Fault | undefined,
    socket: Socket,
    outgoing: ServerResponse,
  ) {
    const answer = async (): Promise<PreparedResponse> => {
      try {
        return prepareResponse(await handler(request, context));
      } catch (error) {
        if (context.signal.aborted) throw error;
        errors.push(error);
        return failureResponse(error);
      }
    };
    if (fault === undefined) {
      await sendResponse(outgoing, await answer(), context.signal);
    } else {
      await applyFault(fault, { socket, outgoing, signal: context.signal, answer });
    }
  }

  function fail(outgoing: ServerResponse, error: unknown) {
    errors.push(error);
    if (outgoing.headersSent) {
      outgoing.destroy();
      return;
    }
    const response = failureResponse(error);
    outgoing.writeHead(response.status, response.headers);
    outgoing.end(response.body);
  }

  function remember(request: SimulatorRequest) {
    recorded.push(request);
    if (recorded.length > maxRecordedRequests) recorded.shift();
  }

  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url: baseUrl,
    origins: [baseUrl],
    port: address.port,
    get requests() {
      return [...recorded];
    },
    get errors() {
      return [...errors];
    },
    inject: rule => faults.add(rule),
    clearFaults: () => faults.clear(),
    reset: () => {
      recorded = [];
      errors = [];
      faults = new FaultRuleSet(createSeededRandom(seed));
      nextId = 1;
      generation += 1;
    },
    connections: () => sockets.size,
    connectionsAccepted: () => accepted,
    close: () => {
      closing ??= new Promise(resolve => {
        const closed = [...sockets].map(socket => new Promise(done => socket.once('close', done)));
        closed.push(new Promise(done => server.close(done)));
        for (const controller of inFlight) controller.abort();
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        void Promise.all(closed).then(() => resolve());
      });
      return closing;
    },
  };
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function failureResponse(error: unknown): PreparedResponse {
  const reason = error instanceof Error ? error.message : String(error);
  return prepareResponse({
    status: 500,
    body: { error: { message: `simulator handler failed: ${reason}` } },
  });
}
