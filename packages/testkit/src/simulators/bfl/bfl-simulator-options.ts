/** Options of `startBflSimulator`. */
export interface BflSimulatorOptions {
  /** Port of the API origin. Default: 0 (any free port); the delivery origin always takes a free port. */
  port?: number;
  /**
   * Integer seed of the simulator's draws: job ids, the seeds of submissions that send none, and
   * fault injection. Default: 1.
   */
  seed?: number;
  /** The only key accepted in the `x-key` header. Default: any non-empty key. */
  apiKey?: string;
  /** How long a job stays Pending before it turns Ready (or its terminal status), ms. Default 1000. */
  jobDurationMs?: number;
  /** How long `result.sample` URLs stay valid, ms. Default 600_000 (10 minutes, as BFL documents). */
  resultTtlMs?: number;
  /** Active (not yet terminal) tasks per key before 429. Default 24. */
  activeTaskLimit?: number;
  /** The same for flux-kontext-max. Default 6. */
  kontextMaxActiveTaskLimit?: number;
  /** Credits per key; every submission costs the model's price; exhausted → 402. Default: unlimited. */
  credits?: number;
}

/** `BflSimulatorOptions` with every default filled in and every value checked. */
export interface ResolvedBflSimulatorOptions {
  readonly port: number | undefined;
  readonly seed: number;
  readonly apiKey: string | undefined;
  readonly jobDurationMs: number;
  readonly resultTtlMs: number;
  readonly activeTaskLimit: number;
  readonly kontextMaxActiveTaskLimit: number;
  readonly credits: number;
}

/**
 * Fills in the defaults of `BflSimulatorOptions` and checks every value.
 *
 * @throws TypeError naming the first option out of range.
 */
export function resolveBflSimulatorOptions(
  options: BflSimulatorOptions,
): ResolvedBflSimulatorOptions {
  const resolved: ResolvedBflSimulatorOptions = {
    port: options.port,
    seed: options.seed ?? 1,
    apiKey: options.apiKey,
    jobDurationMs: options.jobDurationMs ?? 1000,
    resultTtlMs: options.resultTtlMs ?? 600_000,
    activeTaskLimit: options.activeTaskLimit ?? 24,
    kontextMaxActiveTaskLimit: options.kontextMaxActiveTaskLimit ?? 6,
    credits: options.credits ?? Number.POSITIVE_INFINITY,
  };
  if (resolved.apiKey !== undefined && resolved.apiKey.length === 0) {
    throw new TypeError('startBflSimulator: apiKey must not be empty; leave it out to accept any');
  }
  if (!Number.isInteger(resolved.seed)) {
    throw new TypeError(`startBflSimulator: seed must be an integer, got ${resolved.seed}`);
  }
  for (const name of ['jobDurationMs', 'resultTtlMs'] as const) {
    const value = resolved[name];
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`startBflSimulator: ${name} must be a number >= 0, got ${value}`);
    }
  }
  for (const name of ['activeTaskLimit', 'kontextMaxActiveTaskLimit'] as const) {
    const value = resolved[name];
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new TypeError(`startBflSimulator: ${name} must be an integer >= 0, got ${value}`);
    }
  }
  if (!(resolved.credits >= 0)) {
    throw new TypeError(
      `startBflSimulator: credits must be a number >= 0, got ${resolved.credits}`,
    );
  }
  return resolved;
}
