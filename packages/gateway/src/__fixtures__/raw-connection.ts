import { connect, type Socket } from 'node:net';

/** How a raw connection ended, from the client's side. */
export interface RawConnectionEnd {
  /** The socket error (`ECONNRESET`, `EPIPE`), if the connection ended with one. */
  readonly error: string | undefined;
}

/**
 * A client connection driven byte by byte: writes resolve once the kernel took the bytes, and
 * everything the server sends is collected in `text` (read as it arrives unless `paused`).
 */
export class RawConnection {
  readonly socket: Socket;
  /** Everything received so far (latin1). */
  text = '';
  /** Resolves when the socket closed. */
  readonly ended: Promise<RawConnectionEnd>;
  #error: string | undefined;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.text += chunk;
    });
    socket.on('error', error => {
      this.#error ??= (error as NodeJS.ErrnoException).code ?? error.message;
    });
    this.ended = new Promise(resolve =>
      socket.once('close', () => resolve({ error: this.#error })),
    );
  }

  /**
   * Connect to the gateway at `url`. `paused`: read nothing until `resume()`. `halfOpen`: stay
   * open when the server half-closes (Node's sockets otherwise close their side in turn).
   */
  static async open(
    url: string,
    options: { paused?: boolean; halfOpen?: boolean } = {},
  ): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    const socket = connect({
      port: Number(port),
      host: hostname,
      allowHalfOpen: options.halfOpen ?? false,
    });
    if (options.paused) socket.pause();
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawConnection(socket);
  }

  /** Write `data`; resolves when the kernel took it, rejects with the socket's error. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(data, error => (error ? reject(error) : resolve()));
    });
  }

  /** Start (or go on) reading. */
  resume(): void {
    this.socket.resume();
  }

  /** Wait until `found` returns a value for the text received; rejects after `timeoutMs` or on close. */
  async waitFor<T>(
    what: string,
    found: (text: string) => T | undefined,
    timeoutMs = 5_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found(this.text);
      if (value !== undefined) return value;
      if (Date.now() > deadline || this.socket.destroyed) {
        throw new Error(`no ${what} in ${JSON.stringify(this.text.slice(0, 300))}`);
      }
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  /** Wait for a whole answer (head and a `Content-Length` body) after any `100 Continue`. */
  async answer(timeoutMs = 5_000): Promise<{ status: number; head: string; body: string }> {
    const match = await this.waitFor(
      'final answer',
      text =>
        /(?:^|\r\n\r\n)(HTTP\/1\.1 ([2-5]\d\d) [^\r]*\r\n[\s\S]*?\r\n)\r\n/.exec(text) ?? undefined,
      timeoutMs,
    );
    const head = match[1]!;
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const start = match.index + match[0].length;
    await this.waitFor(
      'whole body',
      text => (text.length >= start + length ? true : undefined),
      timeoutMs,
    );
    return {
      status: Number(match[2]),
      head,
      body: this.text.slice(start, start + length),
    };
  }

  /** Destroy the socket. */
  close(): void {
    this.socket.destroy();
  }
}
