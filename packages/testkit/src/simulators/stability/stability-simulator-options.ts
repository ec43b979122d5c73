/** Options of `startStabilitySimulator`. */
export interface StabilitySimulatorOptions {
  /** Port to listen on. Default: 0 (any free port). */
  port?: number;
  /**
   * Integer seed of the simulator's random draws: request ids, fault probabilities and the seed
   * picked for requests that send none (or `seed=0`). Default: 1.
   */
  seed?: number;
  /** The only key accepted (`authorization: Bearer <key>`). Default: any non-empty key. */
  apiKey?: string;
  /**
   * Requests per window before 429, the window, and the penalty during which everything is
   * refused, counted per API key. Default: 150 per 10 000 ms, then 60 000 ms.
   *
   * @example
   * { requests: 2, windowMs: 60_000, penaltyMs: 60_000 }
   */
  rateLimit?: { requests: number; windowMs: number; penaltyMs: number };
}
