import { type Agent, type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';

/** A response as far as the client received it. */
export interface ReceivedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What a test client observed: a whole response, or a failure with whatever arrived before it. */
export type Outcome =
  | ({ readonly ok: true } & ReceivedResponse)
  | {
      readonly ok: false;
      /** `ECONNRESET`, `CLIENT_TIMEOUT`, … */
      readonly code: string | undefined;
      readonly message: string;
      readonly partial?: ReceivedResponse;
    };

/** Options of `sendRequest`. */
export interface SendRequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string | Buffer;
  /** Default: a one-off connection (`Connection: close`). */
  readonly agent?: Agent;
  /** Give up after this many milliseconds. Default: none. */
  readonly timeoutMs?: number;
  /** Called with each body chunk as it arrives. */
  readonly onChunk?: (chunk: Buffer) => void;
}

/**
 * Sends one request with `node:http` and reports what the client saw, never throwing, so tests
 * can assert on resets, truncations and timeouts as plainly as on answers.
 */
export function sendRequest(url: string, options: SendRequestOptions = {}): Promise<Outcome> {
  return new Promise(resolve => {
    let timedOut = false;
    let received: { response: IncomingMessage; chunks: Buffer[] } | undefined;
    const clientRequest = request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: options.agent ?? false,
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            clientRequest.destroy(new Error('client timeout'));
          }, options.timeoutMs);
    const settle = (outcome: Outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    const snapshot = (): ReceivedResponse | undefined =>
      received && {
        status: received.response.statusCode ?? 0,
        headers: received.response.headers,
        body: Buffer.concat(received.chunks),
      };
    const failed = (error: NodeJS.ErrnoException) => {
      const partial = snapshot();
      settle({
        ok: false,
        code: timedOut ? 'CLIENT_TIMEOUT' : error.code,
        message: error.message,
        ...(partial === undefined ? {} : { partial }),
      });
    };
    clientRequest.on('error', failed);
    clientRequest.on('response', response => {
      const chunks: Buffer[] = [];
      received = { response, chunks };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        options.onChunk?.(chunk);
      });
      response.on('end', () => {
        const whole = snapshot();
        if (whole !== undefined) settle({ ok: true, ...whole });
      });
      response.on('error', failed);
    });
    clientRequest.end(options.body);
  });
}
