/** How long each kind of measurement runs. */
export interface Durations {
  /** Load on each target before its first measured run, discarded, ms. */
  readonly warmupMs: number;
  /** Load before each later run of the same target (connections re-established), discarded, ms. */
  readonly rewarmMs: number;
  /** One measured run, ms. */
  readonly runMs: number;
  /** Measured runs per target; the medians of these are reported. */
  readonly rounds: number;
  /** P7: measured generations per SDK (after 2 discarded). */
  readonly sdkRepetitions: number;
  /** P8: fresh-process imports per package set. */
  readonly importRepetitions: number;
  /** P9: measured n=1 / n=4 pairs. */
  readonly fanOutRepetitions: number;
  /** R5: measured requests per fault (hang, stall), one at a time, after one discarded. */
  readonly deadlineRequests: number;
  /**
   * P10: simulated job durations (one BFL simulator each) and rounds of one job per simulator.
   * Steps of 1.14 s spread the moment a job turns Ready over the poll cadence (round numbers
   * would line up with a 500 ms cadence and flatter it).
   */
  readonly fluxJobDurationsMs: readonly number[];
  readonly fluxRounds: number;
}

/**
 * Full mode: what the method asks for (§5/§7: warm-up discarded, ≥ 3 runs, medians), shortened to
 * 10 s warm-up + 3 × 15 s per target so that four gateway scenarios × four targets plus P7–P10
 * fit in about 20 minutes on two cores. Quick mode proves every scenario runs, not what it
 * measures.
 */
export const durations: Readonly<Record<'quick' | 'full', Durations>> = {
  full: {
    warmupMs: 10_000,
    rewarmMs: 2_000,
    runMs: 15_000,
    rounds: 3,
    sdkRepetitions: 15,
    importRepetitions: 21,
    fanOutRepetitions: 7,
    deadlineRequests: 15,
    fluxJobDurationsMs: [2_130, 3_270, 4_410, 5_550, 6_690, 7_830, 8_970, 10_110],
    fluxRounds: 3,
  },
  quick: {
    warmupMs: 1_000,
    rewarmMs: 250,
    runMs: 1_500,
    rounds: 3,
    sdkRepetitions: 3,
    importRepetitions: 15,
    fanOutRepetitions: 3,
    deadlineRequests: 4,
    fluxJobDurationsMs: [1_630, 2_770, 3_910],
    fluxRounds: 2,
  },
};

/** Command-line options of `pnpm bench`. */
export interface BenchOptions {
  readonly mode: 'quick' | 'full';
  /** Scenario ids to run (`P1` … `P10`); all when empty. A partial run never touches latest.json. */
  readonly only: readonly string[];
  /** Only regenerate the README section from `results/latest.json`. */
  readonly readmeOnly: boolean;
  /** A note on the machine's state, stored with the results (e.g. "shared with other test runs"). */
  readonly caveat: string | undefined;
  /**
   * Run the measured processes under `--cpu-prof` (profiles in `bench/profiles/<time>/`). The
   * profiler slows them down, so such a run never touches latest.json either.
   */
  readonly profile: boolean;
}

export const usage = `usage: pnpm bench [--quick] [--only P1,P4,…] [--profile] [--caveat "text"] [--readme-only]

  --quick        short runs: proves every scenario executes (numbers are indicative only)
  --only ids     run some scenarios; results go to bench/results/partial.json, README untouched
  --profile      CPU profiles of every measured process in bench/profiles/ (results: partial.json)
  --caveat text  stored with the results and shown under the README table
  --readme-only  regenerate the README's Performance section from bench/results/latest.json`;

/** Parses `process.argv.slice(2)`. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let mode: BenchOptions['mode'] = 'full';
  let only: string[] = [];
  let readmeOnly = false;
  let caveat: string | undefined;
  let profile = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--quick') mode = 'quick';
    else if (argument === '--full') mode = 'full';
    else if (argument === '--readme-only') readmeOnly = true;
    else if (argument === '--profile') profile = true;
    else if (argument === '--only') only = (argv[++index] ?? '').split(',').filter(Boolean);
    else if (argument.startsWith('--only=')) only = argument.slice(7).split(',').filter(Boolean);
    else if (argument === '--caveat') caveat = argv[++index];
    else if (argument.startsWith('--caveat=')) caveat = argument.slice(9);
    else if (argument === '--') continue;
    else throw new Error(`unknown argument ${argument}\n${usage}`);
  }
  return { mode, only: only.map(id => id.toUpperCase()), readmeOnly, caveat, profile };
}
