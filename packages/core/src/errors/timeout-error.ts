import { EaselError, type EaselErrorOptions, hasMarker } from './easel-error.js';

const marker = Symbol.for('easel.error.TimeoutError');

/** Which limit ran out. */
export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total' | 'poll';

/** Options of `TimeoutError`. */
export interface TimeoutErrorOptions extends EaselErrorOptions {
  /** Which limit ran out. */
  phase: TimeoutPhase;
  /** The limit, in milliseconds, when known. */
  timeoutMs?: number;
  /** Provider id, when the timeout happened talking to one. */
  provider?: string;
  /** For asynchronous jobs: the job that is still running upstream and can be resumed. */
  jobId?: string;
}

/**
 * A deadline passed: connecting, waiting for headers, between body chunks, for the whole call,
 * or while polling a job (which keeps running upstream; resume it with `jobId`).
 */
export class TimeoutError extends EaselError {
  readonly code = 'timeout';
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number | undefined;
  readonly provider: string | undefined;
  readonly jobId: string | undefined;
  readonly [marker] = true;

  constructor(options: TimeoutErrorOptions) {
    const who = options.provider ? `${options.provider}: ` : '';
    const limit = options.timeoutMs === undefined ? '' : ` after ${options.timeoutMs} ms`;
    const what: Record<TimeoutPhase, string> = {
      connect: 'could not connect',
      headers: 'no response headers',
      body: 'response body stalled',
      total: 'deadline exceeded',
      poll: 'job did not finish before the deadline',
    };
    const job = options.jobId
      ? ` (job ${options.jobId} may still be running; it can be resumed)`
      : '';
    super(`${who}${what[options.phase]}${limit}${job}`, options);
    this.phase = options.phase;
    this.timeoutMs = options.timeoutMs;
    this.provider = options.provider;
    this.jobId = options.jobId;
  }

  static isInstance(error: unknown): error is TimeoutError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return {
      phase: this.phase,
      timeoutMs: this.timeoutMs,
      provider: this.provider,
      jobId: this.jobId,
    };
  }
}
