import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';
import type { LoadSummary } from './latency-summary.js';

/** One load run against one target. */
export interface LoadOptions {
  readonly origin: string;
  readonly path: string;
  readonly method: 'POST' | 'GET';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * `closed`: `connections` workers, each sending its next request when the last one answered.
   * `open`: requests start on a fixed timeline at `ratePerSecond`, whatever the answers do, and
   * latency counts from the intended start (the wrk2 approach: no coordinated omission).
   */
  readonly mode: 'closed' | 'open';
  readonly connections: number;
  readonly ratePerSecond?: number;
  /** Load sent before measuring, discarded. */
  readonly warmupMs: number;
  readonly durationMs: number;
}

const microsecondsPerMs = 1_000;

/**
 * A small closed-loop / open-loop HTTP load generator on undici's `dispatch` (the cheapest client
 * path: no body stream objects; response bytes are counted and dropped). Latencies are recorded in
 * µs into an HDR histogram (3 significant digits), so c=1 loopback latencies are not rounded to
 * whole milliseconds as autocannon's are.
 */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const pool = new Pool(options.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000 });
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const measureUntil = measureFrom + options.durationMs;
  let requests = 0;
  let completed = 0;
  let errors = 0;
  let non2xx = 0;
  let bytes = 0;
  let firstProblem: string | undefined;

  const send = (): Promise<{ status: number; bytes: number; error?: Error }> =>
    new Promise(resolve => {
      let status = 0;
      let received = 0;
      pool.dispatch(
        {
          origin: options.origin,
          path: options.path,
          method: options.method,
          headers: options.headers,
          body,
        },
        {
          onRequestStart() {},
          onResponseStart(_controller, statusCode) {
            status = statusCode;
          },
          onResponseData(_controller, chunk) {
            received += chunk.length;
          },
          onResponseEnd() {
            resolve({ status, bytes: received });
          },
          onResponseError(_controller, error) {
            resolve({ status, bytes: received, error });
          },
        },
      );
    });

  // Throughput counts the answers that arrive inside the window; latency, the requests that
  // started inside it (those still running at the end are waited for).
  const exchange = async (intendedStart: number) => {
    const outcome = await send();
    const end = performance.now();
    if (end >= measureFrom && end <= measureUntil) {
      completed += 1;
      bytes += outcome.bytes;
    }
    if (intendedStart < measureFrom) return;
    requests += 1;
    if (outcome.error !== undefined) {
      errors += 1;
      firstProblem ??= outcome.error.message;
    } else if (outcome.status < 200 || outcome.status > 299) {
      non2xx += 1;
      firstProblem ??= `HTTP ${outcome.status}`;
    }
    histogram.recordValue(Math.max(1, Math.round((end - intendedStart) * microsecondsPerMs)));
  };

  if (options.mode === 'closed') {
    const worker = async () => {
      while (performance.now() < measureUntil) await exchange(performance.now());
    };
    await Promise.all(Array.from({ length: options.connections }, worker));
  } else {
    const intervalMs = 1_000 / (options.ratePerSecond ?? 1);
    const inFlight = new Set<Promise<void>>();
    for (let index = 0; ; index += 1) {
      const intended = start + index * intervalMs;
      if (intended >= measureUntil) break;
      const wait = intended - performance.now();
      if (wait > 1) await new Promise(resolve => setTimeout(resolve, wait));
      const running = exchange(intended).finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
    await Promise.all(inFlight);
  }
  await pool.close();

  const ms = (value: number) => value / microsecondsPerMs;
  return {
    requests: completed,
    measured: requests,
    errors,
    non2xx,
    firstProblem,
    durationMs: options.durationMs,
    requestsPerSecond: (completed * 1_000) / options.durationMs,
    bytesPerSecond: (bytes * 1_000) / options.durationMs,
    latency: {
      min: ms(histogram.minNonZeroValue),
      mean: ms(histogram.mean),
      p50: ms(histogram.getValueAtPercentile(50)),
      p90: ms(histogram.getValueAtPercentile(90)),
      p99: ms(histogram.getValueAtPercentile(99)),
      p999: ms(histogram.getValueAtPercentile(99.9)),
      max: ms(histogram.maxValue),
    },
  };
}
