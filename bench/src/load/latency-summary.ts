/** Client-side results of one load run (one target, one run). Latencies in ms, µs resolution. */
export interface LoadSummary {
  /** Responses that arrived inside the measured window. */
  readonly requests: number;
  /** Requests that started inside the window: the latency samples. */
  readonly measured: number;
  /** Requests that failed without a response (connection errors, timeouts). */
  readonly errors: number;
  /** Responses whose status was not 2xx. */
  readonly non2xx: number;
  /** The first error message or non-2xx status seen, for the report. */
  readonly firstProblem: string | undefined;
  /** Length of the measured window, ms. */
  readonly durationMs: number;
  /** Completed requests per second in the window. */
  readonly requestsPerSecond: number;
  /** Response body bytes per second in the window. */
  readonly bytesPerSecond: number;
  readonly latency: {
    readonly min: number;
    readonly mean: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly p999: number;
    readonly max: number;
  };
}
