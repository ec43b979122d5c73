import type { Durations } from '../bench-options.js';
import type { LoadSummary } from '../load/latency-summary.js';
import type { LoadOptions } from '../load/load-generator.js';
import {
  type ChildHandle,
  ChildUnavailableError,
  modulePath,
  startChild,
} from '../process/child-process.js';
import { readProcessCpuMs, readProcessMemory, resetPeakMemory } from '../process/process-memory.js';
import {
  type EaselEndpoint,
  type RunningTarget,
  startTarget,
  type TargetName,
  targetNames,
} from '../targets/targets.js';
import type { PayloadName } from '../upstream/payloads.js';

/** A load scenario run against every target (P1–P4; P5 and P6 are read from P4's runs). */
export interface GatewayScenario {
  readonly id: 'P1' | 'P2' | 'P3' | 'P4';
  readonly title: string;
  readonly payload: PayloadName;
  readonly delayMs: number;
  readonly connections: number;
  readonly easelEndpoint: EaselEndpoint;
}

export const gatewayScenarios: readonly GatewayScenario[] = [
  {
    id: 'P1',
    title: 'Added latency at c=1, ~1 KB JSON, upstream 0 ms',
    payload: 'small',
    delayMs: 0,
    connections: 1,
    easelEndpoint: 'openai-images',
  },
  {
    id: 'P2',
    title: 'c=200, ~1 KB JSON, upstream 50 ms',
    payload: 'small',
    delayMs: 50,
    connections: 200,
    easelEndpoint: 'openai-images',
  },
  {
    id: 'P3',
    title: 'Saturation throughput, ~1 KB JSON, c=200, full pipeline',
    payload: 'small',
    delayMs: 0,
    connections: 200,
    easelEndpoint: 'predictions',
  },
  {
    id: 'P4',
    title: '4 MiB images (gpt-image-1 b64_json, 5.6 MB JSON), c=16',
    payload: 'image4m',
    delayMs: 0,
    connections: 16,
    easelEndpoint: 'openai-images',
  },
];

/** One measured run of one target. */
export interface TargetRun {
  readonly load: LoadSummary;
  /** Peak RSS of the target process during the measured window, MiB (`null` for direct). */
  readonly peakRssMiB: number | null;
  /** Event-loop delay inside the target during the measured window, ms. */
  readonly eventLoopDelayP99Ms: number | null;
  readonly eventLoopDelayMaxMs: number | null;
  /** CPU time (user + system) the target process used per completed request in the window, ms. */
  readonly cpuMsPerRequest: number | null;
}

/** Everything measured for one target in one scenario. */
export interface TargetOutcome {
  readonly name: TargetName;
  /** Why it was not measured; `undefined` when it was. */
  readonly unavailable: string | undefined;
  /** RSS one second after start, before any load, MiB. */
  readonly idleRssMiB: number | null;
  /** One entry per round, in round order. */
  readonly runs: readonly TargetRun[];
}

/** The outcome of one gateway scenario. */
export interface GatewayScenarioOutcome {
  readonly scenario: GatewayScenario;
  readonly targets: ReadonlyMap<TargetName, TargetOutcome>;
  /** Whether the kernel let us reset VmHWM per run (else peaks cover the process's life). */
  readonly peakResetWorked: boolean;
}

const settleMs = 1_000;

/**
 * Runs one scenario side by side: every target in its own process, the load generator in another,
 * the upstream in a third; targets alternate within each round (the order rotates per round), the
 * first run of each target after `warmupMs` of discarded load, later runs after `rewarmMs`.
 */
export async function runGatewayScenario(
  scenario: GatewayScenario,
  upstreamUrl: string,
  durations: Durations,
  log: (line: string) => void,
): Promise<GatewayScenarioOutcome> {
  const running = new Map<TargetName, RunningTarget>();
  const unavailable = new Map<TargetName, string>();
  const outcomes = new Map<TargetName, { idleRssMiB: number | null; runs: TargetRun[] }>();
  let loadGenerator: ChildHandle | undefined;
  let peakResetWorked = true;
  try {
    for (const name of targetNames) {
      try {
        running.set(
          name,
          await startTarget(name, {
            label: scenario.id,
            upstreamUrl,
            payload: scenario.payload,
            delayMs: scenario.delayMs,
            easelEndpoint: scenario.easelEndpoint,
          }),
        );
      } catch (error) {
        const reason =
          error instanceof ChildUnavailableError
            ? error.message
            : `failed to start: ${error instanceof Error ? error.message : String(error)}`;
        unavailable.set(name, reason);
        log(`  ${name}: not measured (${reason.split('\n')[0]})`);
      }
    }
    await sleep(settleMs);
    for (const [name, target] of running) {
      outcomes.set(name, {
        idleRssMiB: target.child === undefined ? null : readProcessMemory(target.child.pid).rssMiB,
        runs: [],
      });
    }
    loadGenerator = await startChild(modulePath('load/load-generator-main.js'));
    const names = [...running.keys()];
    for (let round = 0; round < durations.rounds; round += 1) {
      const order = names.map((_, index) => names[(index + round) % names.length]!);
      for (const name of order) {
        const target = running.get(name)!;
        const warmupMs = round === 0 ? durations.warmupMs : durations.rewarmMs;
        const run = await measureRun(target, loadGenerator, scenario, warmupMs, durations.runMs);
        peakResetWorked &&= run.peakResetWorked;
        outcomes.get(name)!.runs.push(run.run);
        log(`  round ${round + 1}/${durations.rounds} ${name.padEnd(11)} ${describeRun(run.run)}`);
      }
    }
  } finally {
    await loadGenerator?.stop();
    await Promise.all([...running.values()].map(target => target.stop()));
  }
  const targets = new Map<TargetName, TargetOutcome>();
  for (const name of targetNames) {
    const outcome = outcomes.get(name);
    targets.set(name, {
      name,
      unavailable: unavailable.get(name),
      idleRssMiB: outcome?.idleRssMiB ?? null,
      runs: outcome?.runs ?? [],
    });
  }
  return { scenario, targets, peakResetWorked };
}

async function measureRun(
  target: RunningTarget,
  loadGenerator: ChildHandle,
  scenario: GatewayScenario,
  warmupMs: number,
  runMs: number,
): Promise<{ run: TargetRun; peakResetWorked: boolean }> {
  const child = target.child;
  let peakResetWorked = true;
  let cpuAtStart: number | undefined;
  let windowStartedAt = 0;
  // The measured window starts when the warm-up ends: reset the target's peak RSS and its
  // event-loop histogram then.
  const windowStart = setTimeout(() => {
    if (child === undefined) return;
    peakResetWorked = resetPeakMemory(child.pid);
    cpuAtStart = readProcessCpuMs(child.pid);
    windowStartedAt = performance.now();
    void child.call('probe:reset').catch(() => {});
  }, warmupMs);
  const options: LoadOptions = {
    ...target.request,
    mode: 'closed',
    connections: scenario.connections,
    warmupMs,
    durationMs: runMs,
  };
  try {
    const load = await loadGenerator.call<LoadSummary>('run', options);
    if (child === undefined) {
      return {
        run: {
          load,
          peakRssMiB: null,
          eventLoopDelayP99Ms: null,
          eventLoopDelayMaxMs: null,
          cpuMsPerRequest: null,
        },
        peakResetWorked,
      };
    }
    const memory = readProcessMemory(child.pid);
    // The window as the load generator saw it may end a little before we read: scale the CPU
    // used to the window's length.
    const cpuMs = cpuAtStart === undefined ? undefined : readProcessCpuMs(child.pid) - cpuAtStart;
    const elapsedMs = performance.now() - windowStartedAt;
    const cpuMsPerRequest =
      cpuMs === undefined || load.requests === 0
        ? null
        : (cpuMs * Math.min(1, runMs / elapsedMs)) / load.requests;
    const probe = await child.call<{ eventLoopDelay: { p99: number; max: number } }>('probe:read');
    return {
      run: {
        load,
        peakRssMiB: memory.peakRssMiB,
        eventLoopDelayP99Ms: probe.eventLoopDelay.p99,
        eventLoopDelayMaxMs: probe.eventLoopDelay.max,
        cpuMsPerRequest,
      },
      peakResetWorked,
    };
  } finally {
    clearTimeout(windowStart);
  }
}

function describeRun(run: TargetRun): string {
  const { load } = run;
  const parts = [
    `${load.requestsPerSecond.toFixed(0).padStart(6)} req/s`,
    `p50 ${load.latency.p50.toFixed(3)} ms`,
    `p99 ${load.latency.p99.toFixed(3)} ms`,
  ];
  if (run.peakRssMiB !== null) parts.push(`peak RSS ${run.peakRssMiB.toFixed(0)} MiB`);
  if (run.eventLoopDelayP99Ms !== null)
    parts.push(`ELD p99 ${run.eventLoopDelayP99Ms.toFixed(1)} ms`);
  if (run.cpuMsPerRequest !== null) parts.push(`CPU ${run.cpuMsPerRequest.toFixed(2)} ms/req`);
  if (load.errors + load.non2xx > 0) {
    parts.push(`${load.errors} errors, ${load.non2xx} non-2xx (${load.firstProblem})`);
  }
  return parts.join(', ');
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
