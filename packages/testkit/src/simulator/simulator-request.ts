import type { IncomingMessage } from 'node:http';
import type { FaultType } from './fault-rule.js';
import { type MultipartPart, parseMultipart } from './multipart-parser.js';

/**
 * A request as the simulator received it: what the wire handler gets, what `when` predicates see,
 * and what `simulator.requests` records.
 */
export interface SimulatorRequest {
  /** 1, 2, 3… in arrival order (restarts at 1 after `simulator.reset()`). */
  readonly id: number;
  /** The HTTP method, upper-case as sent (e.g. `POST`). */
  readonly method: string;
  /** The path of the request target, without the query string, not decoded (e.g. `/v1/images/generations`). */
  readonly path: string;
  /** The query string, parsed. */
  readonly query: URLSearchParams;
  /** The request headers; lower-case names, repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body; empty when a `before-request-body` reset hit the request before it was read. */
  readonly body: Buffer;
  /** When the request headers arrived (milliseconds since the epoch, `Date.now()`). */
  readonly receivedAt: number;
  /** The fault that hit this request, if any; lets tests count attempts and faults. */
  readonly fault?: FaultType;
  /** The body decoded as UTF-8. */
  text(): string;
  /**
   * The body parsed as JSON.
   *
   * @throws Error naming the request, its content-type and the start of the body, if it is not JSON.
   */
  json<T = unknown>(): T;
  /**
   * The body parsed as `multipart/form-data`, with the boundary from the `Content-Type` header.
   *
   * @throws Error naming the request and the problem, if it is not a well-formed multipart body.
   */
  multipart(): MultipartPart[];
}

/** What is known of a request once its headers have arrived. */
export interface SimulatorRequestHead {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
}

/** Reads method, path, query and headers from an incoming message, without touching its body. */
export function readRequestHead(incoming: IncomingMessage): SimulatorRequestHead {
  const { path, search } = splitTarget(incoming.url ?? '/');
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(incoming.headersDistinct)) {
    if (values !== undefined) headers[name] = values.join(', ');
  }
  return { method: incoming.method ?? 'GET', path, query: new URLSearchParams(search), headers };
}

function splitTarget(target: string): { path: string; search: string } {
  if (!target.startsWith('/')) {
    // Absolute-form (sent to proxies) or `*` (OPTIONS); keep what cannot be parsed as the path.
    try {
      const url = new URL(target);
      return { path: url.pathname, search: url.search };
    } catch {
      return { path: target, search: '' };
    }
  }
  const queryStart = target.indexOf('?');
  return queryStart === -1
    ? { path: target, search: '' }
    : { path: target.slice(0, queryStart), search: target.slice(queryStart + 1) };
}

/** Everything a recorded request is made of. */
export interface SimulatorRequestInit extends SimulatorRequestHead {
  readonly id: number;
  readonly body: Buffer;
  readonly receivedAt: number;
}

/** Builds the request object handed to handlers and predicates. */
export function createSimulatorRequest(init: SimulatorRequestInit): SimulatorRequest {
  const { id, method, path, query, headers, body, receivedAt } = init;
  const label = `simulator request ${id} (${method} ${path})`;
  const contentType = headers['content-type'] ?? '';
  return {
    id,
    method,
    path,
    query,
    headers,
    body,
    receivedAt,
    text: () => body.toString('utf8'),
    json: <T>() => {
      const text = body.toString('utf8');
      if (text.length === 0) throw new Error(`${label}: body is empty, expected JSON`);
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `${label}: body is not JSON (${reason}); content-type ${JSON.stringify(contentType)}, body starts with ${JSON.stringify(text.slice(0, 80))}`,
          { cause: error },
        );
      }
    },
    multipart: () => {
      try {
        return parseMultipart(body, contentType);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`${label}: ${reason}`, { cause: error });
      }
    },
  };
}
