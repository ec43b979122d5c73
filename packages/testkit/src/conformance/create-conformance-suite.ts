import { capabilityChecks } from './checks/capability-checks.js';
import { errorChecks } from './checks/error-checks.js';
import { generateChecks } from './checks/generate-checks.js';
import { providerChecks } from './checks/provider-checks.js';
import { resilienceChecks } from './checks/resilience-checks.js';
import { validationChecks } from './checks/validation-checks.js';
import type { ModelCheck, ProviderCheck } from './conformance-check.js';
import { ConformanceContext, modelCheckContext } from './conformance-context.js';
import type { ConformanceCheckId, ConformanceOptions } from './conformance-options.js';

/** One runnable check. */
export interface RunnableCheck {
  readonly id: ConformanceCheckId;
  readonly title: string;
  /** The model it checks; undefined for provider checks. */
  readonly modelId?: string;
  readonly skipped: boolean;
  run(): Promise<void>;
}

/** The outcome of one check in `runAll`. */
export interface ConformanceOutcome {
  readonly id: ConformanceCheckId;
  readonly title: string;
  readonly modelId?: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly error?: unknown;
}

/** A conformance suite: checks you can hand to any test runner, or run all at once. */
export interface ConformanceSuite {
  readonly name: string;
  readonly context: ConformanceContext;
  /** Start the simulator. */
  setup(): Promise<void>;
  /** Close the simulator. */
  teardown(): Promise<void>;
  /** Clear recorded requests and faults; call before each check. */
  reset(): void;
  /** Checks of the provider as a whole, in order (`spec`, `hub`, `missing-key`). */
  readonly providerChecks: readonly RunnableCheck[];
  /** Checks per model, in order. */
  readonly models: ReadonlyArray<{
    readonly modelId: string;
    readonly checks: readonly RunnableCheck[];
  }>;
  /** The secret scan, to run last (it scans every error the other checks provoked). */
  readonly finalChecks: readonly RunnableCheck[];
  /** Set up, run every check in order, tear down, and report. */
  runAll(): Promise<ConformanceOutcome[]>;
}

const modelChecks: readonly ModelCheck[] = [
  ...generateChecks,
  ...capabilityChecks,
  ...validationChecks,
  ...resilienceChecks,
  ...errorChecks,
];

/**
 * Build the conformance suite of a provider: spec invariants, every declared capability honoured
 * or warned, invalid input, abort and deadline, the retry policy, error mapping, moderation, a
 * missing key, and no API key in any error, all against the provider's wire simulator.
 */
export function createConformanceSuite(options: ConformanceOptions): ConformanceSuite {
  const context = new ConformanceContext(options);
  const probe = options.createProvider({
    apiKey: context.canaryKey,
    baseURL: 'http://127.0.0.1:9',
  });
  const name = options.name ?? probe.id;
  const modelIds = options.models ?? probe.modelIds;
  const skip = new Set<string>(options.skip ?? []);
  const isSkipped = (id: ConformanceCheckId, modelId?: string) =>
    skip.has(id) || (modelId !== undefined && skip.has(`${modelId}:${id}`));

  const providerCheck = (check: ProviderCheck): RunnableCheck => ({
    id: check.id,
    title: check.title,
    skipped: isSkipped(check.id),
    run: () => check.run(context),
  });
  const modelCheck = (check: ModelCheck, modelId: string): RunnableCheck => ({
    id: check.id,
    title: check.title,
    modelId,
    skipped: isSkipped(check.id, modelId),
    run: () => check.run(modelCheckContext(context, modelId, check.title)),
  });

  const suite: ConformanceSuite = {
    name,
    context,
    setup: () => context.start(),
    teardown: () => context.stop(),
    reset: () => context.simulator.reset(),
    providerChecks: providerChecks.filter(check => check.id !== 'secrets').map(providerCheck),
    models: modelIds.map(modelId => ({
      modelId,
      checks: modelChecks.map(check => modelCheck(check, modelId)),
    })),
    finalChecks: providerChecks.filter(check => check.id === 'secrets').map(providerCheck),
    async runAll() {
      const outcomes: ConformanceOutcome[] = [];
      const checks = [
        ...suite.providerChecks,
        ...suite.models.flatMap(model => model.checks),
        ...suite.finalChecks,
      ];
      await suite.setup();
      try {
        for (const check of checks) {
          const base = {
            id: check.id,
            title: check.title,
            ...(check.modelId === undefined ? {} : { modelId: check.modelId }),
          };
          if (check.skipped) {
            outcomes.push({ ...base, status: 'skipped' });
            continue;
          }
          suite.reset();
          try {
            await check.run();
            outcomes.push({ ...base, status: 'passed' });
          } catch (error) {
            outcomes.push({ ...base, status: 'failed', error });
          }
        }
      } finally {
        await suite.teardown();
      }
      return outcomes;
    },
  };
  return suite;
}
