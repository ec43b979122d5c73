import type { Durations } from '../bench-options.js';
import type { ResultEntry, ScenarioDetail } from '../results/results-schema.js';

/** What a scenario runner gets. */
export interface ScenarioContext {
  readonly mode: 'quick' | 'full';
  readonly durations: Durations;
  /** Progress output (stderr). */
  readonly log: (line: string) => void;
  /** The bench mock upstream (P1–P6); started once per run. */
  readonly upstreamUrl: () => Promise<string>;
}

/** The goal entries and detail records a runner produced. */
export interface ScenarioOutput {
  readonly entries: readonly ResultEntry[];
  readonly details: readonly ScenarioDetail[];
}

/** A group of scenarios run together (P4 yields P4, P5 and P6). */
export interface ScenarioRunner {
  /** The ids this runner reports. */
  readonly ids: readonly string[];
  /** A short name for progress output. */
  readonly name: string;
  run(context: ScenarioContext): Promise<ScenarioOutput>;
}

/** The entry that stands for a scenario whose run failed, so the failure shows in the table. */
export function failedEntry(id: string, title: string, error: unknown): ResultEntry {
  const message = error instanceof Error ? error.message : String(error);
  return {
    id,
    scenario: id.split('.')[0]!,
    title,
    metric: 'run failed',
    unit: '—',
    easel: null,
    peers: {},
    ratio: null,
    ratioOf: null,
    goal: { text: 'see the issue', subject: 'easel', comparator: '<=', threshold: 0 },
    met: null,
    note: `run failed: ${message.split('\n')[0]}`,
  };
}
