import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** A pino logger whose lines are kept in memory. */
export interface LogCapture {
  readonly logger: Logger;
  /** Every line written so far, raw. */
  readonly lines: string[];
  /** The lines, parsed. */
  entries(): Array<Record<string, unknown>>;
}

/** A debug-level pino logger writing into `lines`. */
export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter(line => line !== ''),
      );
      done();
    },
  });
  return {
    logger: pino({ level: 'debug' }, destination),
    lines,
    entries: () => lines.map(line => JSON.parse(line) as Record<string, unknown>),
  };
}
