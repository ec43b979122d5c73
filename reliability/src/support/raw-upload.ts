import { connect } from 'node:net';

/** Options of `rawUpload`. */
export interface RawUploadOptions {
  /** The gateway's base URL (`http://127.0.0.1:port`). */
  readonly url: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** How many body bytes to offer. */
  readonly bodyBytes: number;
  /** `chunked`: Transfer-Encoding chunked; `declared`: a `Content-Length` of `bodyBytes`. */
  readonly framing: 'chunked' | 'declared';
  /**
   * `true` (default): read the answer while sending, and stop sending once it came (what undici
   * and curl do). `false`: send the whole body first, then read (what simple clients do); not
   * with `expectContinue`, which reads the interim answer before sending.
   */
  readonly readWhileSending?: boolean;
  /**
   * Send `Expect: 100-continue` and send the body only after `100 Continue` (what curl does for
   * bodies over 1 MiB, without its 1 s fallback: a final answer ends the upload). Default `false`.
   */
  readonly expectContinue?: boolean;
}

/** What happened to an upload. */
export interface RawUploadResult {
  /** Status of the final answer, or `undefined` when none came. */
  readonly status: number | undefined;
  /** The final answer as received (head and body), after any `100 Continue`. */
  readonly response: string;
  /** Whether a `100 Continue` came first. */
  readonly continued: boolean;
  /** Body bytes the kernel accepted from the client (write callbacks without error). */
  readonly bodyBytesWritten: number;
}

const chunkBytes = 64 * 1024;

/**
 * Upload a large body over a plain socket, with backpressure, and stop as soon as the server
 * answers or closes: how much of the body the server let in shows in `bodyBytesWritten` (an
 * upper bound on what it read: the rest is in kernel buffers).
 */
export function rawUpload(options: RawUploadOptions): Promise<RawUploadResult> {
  const { hostname, port } = new URL(options.url);
  const socket = connect({ host: hostname, port: Number(port) });
  const chunk = Buffer.alloc(chunkBytes, 0x61);
  let response = '';
  let continued = false;
  let bodyBytesWritten = 0;
  let offered = 0;
  let stopped = false;
  const readWhileSending = options.readWhileSending ?? true;
  return new Promise(resolve => {
    const finish = () => {
      if (stopped) return;
      stopped = true;
      // Give the rest of the answer a moment to arrive, then hang up.
      setTimeout(() => {
        socket.destroy();
        const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
        resolve({
          status: status === undefined ? undefined : Number(status),
          response,
          continued,
          bodyBytesWritten,
        });
      }, 100);
    };
    socket.setEncoding('latin1');
    if (!readWhileSending && !options.expectContinue) socket.pause();
    let pump = () => {};
    socket.on('data', (data: string) => {
      response += data;
      const interim = /^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.exec(response);
      if (interim !== null && !continued) {
        continued = true;
        response = response.slice(interim[0].length);
        pump();
      }
      if (/\r\n\r\n/.test(response)) finish();
    });
    socket.on('error', () => {
      socket.resume();
      finish();
    });
    socket.on('close', finish);
    socket.once('connect', () => {
      const head = [
        `POST ${options.path} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
        options.framing === 'chunked'
          ? 'Transfer-Encoding: chunked'
          : `Content-Length: ${options.bodyBytes}`,
        ...(options.expectContinue ? ['Expect: 100-continue'] : []),
      ].join('\r\n');
      socket.write(`${head}\r\n\r\n`);
      pump = () => {
        while (!stopped && offered < options.bodyBytes) {
          const size = Math.min(chunkBytes, options.bodyBytes - offered);
          offered += size;
          const piece = size === chunkBytes ? chunk : chunk.subarray(0, size);
          const framed =
            options.framing === 'chunked'
              ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
              : piece;
          const more = socket.write(framed, error => {
            if (!error) bodyBytesWritten += size;
          });
          if (!more) {
            socket.once('drain', pump);
            return;
          }
        }
        if (stopped || offered < options.bodyBytes) return;
        if (options.framing === 'chunked') socket.write('0\r\n\r\n');
        socket.resume();
      };
      if (!options.expectContinue) pump();
    });
  });
}
