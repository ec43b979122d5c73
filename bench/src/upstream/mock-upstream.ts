import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildPayload, type PayloadName } from './payloads.js';

const payloadNames: readonly PayloadName[] = ['small', 'image4m', 'image4mx4'];
const routePattern = /^\/(small|image4m|image4mx4|hang|stall)\/(\d+)(\/v1\/images\/generations)$/;

/** A running mock upstream. */
export interface MockUpstream {
  readonly url: string;
  /** Sizes of the precomputed bodies, bytes. */
  readonly payloadBytes: Readonly<Record<PayloadName, number>>;
  /** Requests answered since start. */
  answered(): number;
  close(): Promise<void>;
}

/**
 * The bench's upstream: an OpenAI Images endpoint on `node:http` that answers
 * `POST /<payload>/<delayMs>/v1/images/generations` with a precomputed body after `delayMs`.
 * The payload and the delay sit in the path, so every system under test reaches them through its
 * ordinary "base URL" setting (`http://127.0.0.1:<port>/image4m/0/v1`) and forwards nothing
 * special. Bodies are built once at start: synthesis never competes with the systems measured.
 * Two more "payloads" are faults: `hang` (no answer at all) and `stall` (headers and half a body).
 * The request body is read in full and not parsed.
 */
export async function startMockUpstream(port = 0): Promise<MockUpstream> {
  const bodies = new Map<PayloadName, Buffer>(payloadNames.map(name => [name, buildPayload(name)]));
  let answered = 0;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const match = routePattern.exec(request.url ?? '');
    request.resume();
    request.once('end', () => {
      if (request.method !== 'POST' || match === null) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
        return;
      }
      // Faults for the deadline scenario (R5): `hang` never answers; `stall` sends the headers
      // and half of a 4 MiB answer, then nothing more. The connection stays open either way.
      if (match[1] === 'hang') return;
      if (match[1] === 'stall') {
        const whole = bodies.get('image4m')!;
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(whole.length),
        });
        response.write(whole.subarray(0, whole.length >> 1));
        return;
      }
      const body = bodies.get(match[1] as PayloadName)!;
      const delayMs = Number(match[2]);
      const send = () => {
        answered += 1;
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'x-request-id': `req_bench_${answered}`,
        });
        response.end(body);
      };
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    payloadBytes: Object.fromEntries(
      payloadNames.map(name => [name, bodies.get(name)!.length]),
    ) as Record<PayloadName, number>,
    answered: () => answered,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The base URL (OpenAI style, ending in `/v1`) a client uses to reach one payload class. */
export function upstreamBaseUrl(
  upstreamUrl: string,
  payload: PayloadName | 'hang' | 'stall',
  delayMs: number,
): string {
  return `${upstreamUrl}/${payload}/${delayMs}/v1`;
}
