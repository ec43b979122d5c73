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
   * and curl do). `false`: send the whole body first, then read (what simple clients do).
   */
  readonly readWhileSending?: boolean;
}

/** What happened to an upload. */
export interface RawUploadResult {
  /** Status of the answer, or `undefined` when none came. */
  readonly status: number | undefined;
  /** The answer as received (head and body). */
  readonly response: string;
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
          bodyBytesWritten,
        });
      }, 100);
    };
    socket.setEncoding('latin1');
    if (!readWhileSending) socket.pause();
    socket.on('data', (data: string) => {
      response += data;
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
      ].join('\r\n');
      socket.write(`${head}\r\n\r\n`);
      const pump = () => {
        if (offered >= options.bodyBytes) socket.resume();
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
      };
      pump();
    });
  });
}
