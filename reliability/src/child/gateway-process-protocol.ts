/** Configuration of `gateway-process.ts` (the EASEL_RELIABILITY_CHILD variable, as JSON). */
export interface GatewayProcessConfig {
  /** The OpenAI simulator's base URL. */
  readonly upstream: string;
  /** `graceMs` of `gateway.close` on SIGTERM. */
  readonly graceMs: number;
  /** `limits.providers.openai`. */
  readonly concurrency: number;
  readonly maxQueue: number;
  /** The hub's `maxConcurrency`. */
  readonly maxConcurrency: number;
  /** `limits.bodyBytes`; the gateway's default when absent. */
  readonly bodyBytes?: number;
}

/** Parent → child. */
export type GatewayProcessRequest = {
  readonly type: 'stats';
  readonly id: number;
  /** Start counting `maxBytesRead` afresh after this reading. */
  readonly resetBytes?: boolean;
};

/** The child's counters. */
export interface GatewayProcessStats {
  /** `process.memoryUsage().rss` after a forced GC, bytes. */
  readonly rss: number;
  /** Peak resident set size of the process so far (`resourceUsage().maxRSS`), bytes. */
  readonly peakRss: number;
  /** Client connections open. */
  readonly openSockets: number;
  /**
   * The most bytes the server read from one client connection, among those opened since the
   * last reset.
   */
  readonly maxBytesRead: number;
}

/** Child → parent. */
export type GatewayProcessReply =
  | { readonly type: 'ready'; readonly url: string }
  | ({ readonly type: 'stats'; readonly id: number } & GatewayProcessStats)
  | { readonly type: 'closed' };
