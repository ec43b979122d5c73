import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';
import { record } from './transcript.js';

/** A pino logger whose lines go to the suite's transcript and to `lines`. */
export interface CapturedLogger {
  readonly logger: Logger;
  readonly lines: string[];
}

/**
 * A `trace`-level pino logger (everything the gateway could log) writing into memory and into the
 * transcript under `source`, for the secrets scan (S2).
 */
export function captureLogger(source: string): CapturedLogger {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString('utf8');
      lines.push(...text.split('\n').filter(line => line !== ''));
      record('log', source, text);
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, destination), lines };
}
