/** Options of `startOpenAISimulator`. */
export interface OpenAISimulatorOptions {
  /** Port to listen on. Default: 0 (any free port). */
  readonly port?: number;
  /**
   * Integer seed of the simulator's random draws (request ids, image ids) and of the synthesised
   * pictures. Default: 1.
   */
  readonly seed?: number;
  /** The only API key accepted (`Authorization: Bearer <key>`). Default: any non-empty bearer token. */
  readonly apiKey?: string;
  /** When false, the GPT image models answer the organization-verification 403. Default: `true`. */
  readonly organizationVerified?: boolean;
  /** How long DALL·E result URLs stay valid, in milliseconds. Default: 3_600_000 (60 minutes). */
  readonly urlTtlMs?: number;
  /** Pause between streamed events, in milliseconds. Default: 20. */
  readonly streamIntervalMs?: number;
}
