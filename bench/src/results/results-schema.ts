import { z } from 'zod';

/** The peers a goal can be compared with. */
export const peerNames = ['direct', 'portkey', 'passthrough', 'aiSdk'] as const;

/** How a goal compares `value` (the Easel number, or the ratio) with `threshold`. */
export const goalSchema = z.strictObject({
  /** The goal as people read it, e.g. `≤ 0.5 ms` or `≥ 10× Portkey`. */
  text: z.string().min(1),
  /** What is compared with the threshold: the Easel value itself, or `ratio`. */
  subject: z.enum(['easel', 'ratio']),
  comparator: z.enum(['<=', '>=']),
  threshold: z.number(),
});

const measured = z.number().finite().nullable();

/** One goal check: one metric of one scenario. */
export const resultEntrySchema = z.strictObject({
  /** Unique id: the scenario id, plus a suffix when a scenario has several metrics (`P2.p99`). */
  id: z.string().regex(/^[PR]\d+(\.[a-z0-9-]+)?$/),
  /** The scenario (`P1` … `P10`). */
  scenario: z.string().regex(/^[PR]\d+$/),
  title: z.string().min(1),
  metric: z.string().min(1),
  unit: z.string().min(1),
  /** Easel's number; `null` when it could not be measured (see `note`). */
  easel: measured,
  /** The same metric for each peer that was measured. */
  peers: z.partialRecord(z.enum(peerNames), measured),
  /** The ratio the goal compares (or an informative one); `ratioOf` says which. */
  ratio: measured,
  ratioOf: z.string().nullable(),
  goal: goalSchema,
  /** Whether the goal holds; `null` when Easel's number is missing. */
  met: z.boolean().nullable(),
  note: z.string().optional(),
});

/** The machine and build a result file was measured on. */
export const machineSchema = z.strictObject({
  cpuModel: z.string(),
  cores: z.number().int().positive(),
  memoryGiB: z.number().positive(),
  os: z.string(),
  node: z.string(),
  undici: z.string(),
  gitSha: z.string(),
  gitDirty: z.boolean(),
  date: z.string().datetime(),
});

/** Per-scenario raw numbers (medians per target and the settings used), for the curious. */
export const scenarioDetailSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** Per target or SDK: named medians. */
  measurements: z.record(z.string(), z.record(z.string(), z.number().nullable())),
  notes: z.array(z.string()),
});

/** `bench/results/latest.json`. */
export const benchResultsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  mode: z.enum(['quick', 'full']),
  command: z.string(),
  durationSeconds: z.number().nonnegative(),
  machine: machineSchema,
  /** What was running on the machine besides the benchmark, as the person running it said. */
  caveat: z.string().optional(),
  entries: z.array(resultEntrySchema),
  scenarios: z.array(scenarioDetailSchema),
});

export type Goal = z.infer<typeof goalSchema>;
export type ResultEntry = z.infer<typeof resultEntrySchema>;
export type Machine = z.infer<typeof machineSchema>;
export type ScenarioDetail = z.infer<typeof scenarioDetailSchema>;
export type BenchResults = z.infer<typeof benchResultsSchema>;
export type PeerName = (typeof peerNames)[number];
