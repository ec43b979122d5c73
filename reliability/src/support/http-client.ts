import { Agent, type Dispatcher, request } from 'undici';
import { gatewayAuthorization } from './canary-keys.js';
import { record } from './transcript.js';

/** An answer as the client saw it. */
export interface ClientAnswer<BODY = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The body parsed as JSON (`undefined` when it is not JSON). */
  readonly body: BODY;
}

/** The gateway's error shape. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: Record<string, unknown>;
  };
}

/** Options of one call. */
export interface CallOptions {
  readonly method?: Dispatcher.HttpMethod;
  /** A JSON body (serialised), or raw text. */
  readonly json?: unknown;
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send the suite's gateway key. Default `true`. */
  readonly authorized?: boolean;
}

/** A loopback HTTP client that records every answer in the suite's transcript (S2). */
export interface HttpClient {
  call<BODY = unknown>(url: string, options?: CallOptions): Promise<ClientAnswer<BODY>>;
  close(): Promise<void>;
}

function flatten(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * A client with its own connection pool (unlimited connections, so the tests decide the
 * concurrency), labelled `source` in the transcript.
 */
export function createHttpClient(source: string): HttpClient {
  const agent = new Agent({ keepAliveTimeout: 1_000 });
  return {
    async call<BODY>(url: string, options: CallOptions = {}): Promise<ClientAnswer<BODY>> {
      const body =
        options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
      const response = await request(url, {
        dispatcher: agent,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.authorized === false ? {} : gatewayAuthorization),
          ...options.headers,
        },
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.body.text();
      const headers = flatten(response.headers);
      record('response', source, `${response.statusCode} ${JSON.stringify(headers)}\n${text}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.statusCode, headers, text, body: parsed as BODY };
    },
    close: () => agent.close(),
  };
}
