/** Options of `startIdeogramSimulator`. */
export interface IdeogramSimulatorOptions {
  /** Port of the API origin. Default: 0 (any free port). The file origin always takes a free port. */
  readonly port?: number;
  /**
   * Integer seed of the simulator's random draws: fault probabilities and the `seed` of requests
   * that send none (which picks their pictures). Default: 1.
   */
  readonly seed?: number;
  /** The only key accepted in the `Api-Key` header. Default: any non-empty key. */
  readonly apiKey?: string;
  /** How long result URLs stay valid, in milliseconds. Default: 3_600_000 (one hour). */
  readonly urlTtlMs?: number;
  /**
   * Requests per API key that may be in flight at once; one more gets 429 (Ideogram's default
   * limit is 10 in-flight requests). Default: 10.
   */
  readonly maxInFlight?: number;
}
