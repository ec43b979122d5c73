import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';

/** How long, and for how many bytes, a connection lingers after an early answer. */
export interface LingerBounds {
  /** Longest the connection stays open after the answer, ms. */
  readonly ms: number;
  /**
   * Most bytes read (and dropped) after the answer, give or take one read (64 KiB); past them
   * the socket is left unread until `ms` is up.
   */
  readonly bytes: number;
}

/**
 * Whether the request announced a body that has not been fully received: an answer now is an
 * early answer, and the client may still be sending.
 */
export function bodyPending(request: IncomingMessage): boolean {
  if (request.complete) return false;
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

/**
 * Lingering close for answers sent before the request body was read (401, 413, 415, 503).
 *
 * Node's HTTP server destroys a `Connection: close` socket as soon as the answer is flushed. If
 * the client is still sending, unread bytes sit in the server's receive queue; closing such a
 * socket makes the kernel send a TCP RST, and the RST makes the client's kernel drop the answer
 * it had not read yet: the client sees ECONNRESET or EPIPE instead of the 413. RFC 9112 §9.6
 * (Tear-down) describes the remedy servers use: half-close (FIN), then keep reading until the
 * client closes or enough time has passed. Apache httpd does it in `lingering_close()`
 * (server/connection.c: read until EOF or MAX_SECS_TO_LINGER); nginx in its `lingering_close`,
 * `lingering_time` (total time, default 30 s) and `lingering_timeout` (between reads, default
 * 5 s) directives of ngx_http_core_module. Here the bytes read while lingering are dropped,
 * never buffered, and both the time and the bytes are bounded: past `bounds.bytes` the socket is
 * no longer read (a client that reads while it sends still gets the answer, one that sends
 * everything first stays blocked), and after `bounds.ms` it is destroyed, so a client that keeps
 * sending or never closes holds the socket for at most `bounds.ms`.
 */
export class LingeringClose {
  readonly #bounds: LingerBounds;
  readonly #sockets = new Set<Socket>();
  #closed = false;

  constructor(bounds: LingerBounds) {
    this.#bounds = bounds;
  }

  /**
   * Make the socket linger when Node closes it after the current answer (which must carry
   * `Connection: close`, so that Node closes it). Does nothing once `close()` was called.
   */
  arm(socket: Socket): void {
    if (this.#closed) return;
    // Node's HTTP server ends a `Connection: close` exchange with `socket.destroySoon()` (end,
    // then destroy once flushed); this socket lingers in between instead.
    socket.destroySoon = () => this.#linger(socket);
  }

  /** Destroy the lingering sockets; sockets armed later close at once. For server shutdown. */
  close(): void {
    this.#closed = true;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  #linger(socket: Socket): void {
    if (this.#closed || socket.destroyed || !socket.readable) {
      Socket.prototype.destroySoon.call(socket);
      return;
    }
    this.#sockets.add(socket);
    const timer = setTimeout(() => socket.destroy(), this.#bounds.ms);
    timer.unref();
    let dropped = 0;
    const drop = (chunk: Buffer) => {
      dropped += chunk.byteLength;
      if (dropped >= this.#bounds.bytes) socket.pause();
    };
    // Adding a 'data' listener makes the HTTP server stop feeding the socket to its parser;
    // removing the server's own listener takes the parser out entirely, so what still arrives
    // is neither parsed (no second request, no parse error answered on a closed side) nor kept.
    socket.on('data', drop);
    for (const listener of socket.listeners('data')) {
      if (listener !== drop) socket.removeListener('data', listener as (chunk: Buffer) => void);
    }
    socket.once('end', () => {
      if (socket.writableFinished) socket.destroy();
      else socket.once('finish', () => socket.destroy());
    });
    socket.once('close', () => {
      clearTimeout(timer);
      this.#sockets.delete(socket);
    });
    socket.end();
    // The parser may have stopped reading (an unread body fills the request's buffer) while the
    // stream still counts a read in progress, which would now never end: an empty push ends it
    // ("readable.push('')" in Node's stream docs), so that `resume` reads again.
    socket.push(Buffer.alloc(0));
    socket.resume();
  }
}
