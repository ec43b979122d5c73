import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Fault } from './fault-rule.js';
import {
  collectChunks,
  type PreparedResponse,
  prepareResponse,
  sendResponse,
  writeChunk,
} from './simulator-response.js';

/** One request/response exchange, as a fault sees it. */
export interface FaultExchange {
  readonly socket: Socket;
  readonly outgoing: ServerResponse;
  /** Aborted when the client leaves or the simulator closes. */
  readonly signal: AbortSignal;
  /** Calls the wire handler for the real answer (a throwing handler yields the simulator's 500). */
  answer(): Promise<PreparedResponse>;
}

const malformedJson = '{"data": [';
const malformedEvent = 'data: {"data": [\n\n';

/** Inflicts a fault on an exchange whose request body has been read (unless the fault says otherwise). */
export async function applyFault(fault: Fault, exchange: FaultExchange): Promise<void> {
  const { socket, outgoing, signal } = exchange;
  switch (fault.type) {
    case 'latency':
      if (await wait(fault.ms, signal)) {
        await sendResponse(outgoing, await exchange.answer(), signal);
      }
      return;
    case 'respond':
      await sendResponse(outgoing, prepareResponse(fault), signal);
      return;
    case 'reset':
      if (fault.when === 'after-request-body') await exchange.answer();
      if (fault.when === 'mid-response-body') {
        await sendFirstHalf(exchange, await exchange.answer(), false);
        // Let the client read the half before the RST arrives, or it may see only the reset.
        await nextTurn();
      }
      socket.resetAndDestroy();
      return;
    case 'stall':
      if (fault.when === 'mid-response-body') {
        await sendFirstHalf(exchange, await exchange.answer(), false);
      }
      await aborted(signal);
      return;
    case 'truncate':
      await sendFirstHalf(exchange, await exchange.answer(), true);
      socket.end(() => socket.destroy());
      return;
    case 'malformed': {
      const contentType = (await exchange.answer()).headers['content-type'] ?? 'application/json';
      const body = contentType.includes('text/event-stream') ? malformedEvent : malformedJson;
      await sendResponse(
        outgoing,
        prepareResponse({ status: 200, headers: { 'content-type': contentType }, body }),
        signal,
      );
      return;
    }
  }
}

/**
 * Sends the real answer's status and headers and the first half of its body, then waits until
 * those bytes have reached the socket. `declareFullLength` sets `Content-Length` to the whole
 * body even when the answer was streamed.
 */
async function sendFirstHalf(
  exchange: FaultExchange,
  response: PreparedResponse,
  declareFullLength: boolean,
): Promise<void> {
  const { socket, outgoing, signal } = exchange;
  const chunks = await collectChunks(response.body);
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const headers =
    declareFullLength || Buffer.isBuffer(response.body)
      ? { ...response.headers, 'content-length': String(total) }
      : response.headers;
  outgoing.writeHead(response.status, headers);
  outgoing.flushHeaders();
  let budget = Math.floor(total / 2);
  for (const chunk of chunks) {
    if (budget <= 0) break;
    const piece = chunk.subarray(0, budget);
    budget -= piece.length;
    if (!(await writeChunk(outgoing, piece, signal))) return;
  }
  await flushed(socket, signal);
}

/** Resolves once everything written so far has been handed to the operating system. */
function flushed(socket: Socket, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted || socket.destroyed) return resolve();
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    socket.write(Buffer.alloc(0), done);
  });
}

/** @returns `true` after `ms` milliseconds, `false` as soon as `signal` aborts. */
async function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
