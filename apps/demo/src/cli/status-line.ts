import type { OutputStream } from './output-stream.js';

const redrawIntervalMs = 200;

/**
 * Progress on stderr. On a terminal: one line redrawn in place, with the elapsed time ticking, so
 * a long wait is never silent. Elsewhere (a pipe, a CI log): one plain line per change of status,
 * never a carriage return.
 */
export class StatusLine {
  readonly #stream: OutputStream;
  readonly #label: string;
  readonly #startedAt = Date.now();
  #status = '';
  #printed = '';
  #timer: NodeJS.Timeout | undefined;

  constructor(stream: OutputStream, label: string) {
    this.#stream = stream;
    this.#label = label;
  }

  /** Shows a new status, e.g. `pending 40%`. */
  update(status: string): void {
    this.#status = status;
    if (this.#stream.isTTY) {
      this.#timer ??= setInterval(() => this.#redraw(), redrawIntervalMs).unref();
      this.#redraw();
    } else if (status !== this.#printed) {
      this.#printed = status;
      this.#stream.write(`${this.#label} ${status}\n`);
    }
  }

  /** Ends the line; `message`, when given, is written as a final plain line. */
  finish(message?: string): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#stream.isTTY && this.#status !== '') this.#stream.write('\r\u001b[2K');
    this.#status = '';
    if (message !== undefined) this.#stream.write(`${this.#label} ${message}\n`);
  }

  /** Seconds since the line was created, one decimal. */
  elapsed(): string {
    return `${((Date.now() - this.#startedAt) / 1000).toFixed(1)} s`;
  }

  #redraw(): void {
    const line = `${this.#label} ${this.#status} · ${this.elapsed()}`;
    // A pseudo-terminal may report 0 columns.
    const width = this.#stream.columns || 120;
    const fitted = line.length < width ? line : `${line.slice(0, Math.max(0, width - 2))}…`;
    this.#stream.write(`\r\u001b[2K${fitted}`);
  }
}
