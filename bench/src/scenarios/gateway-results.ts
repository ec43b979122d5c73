import { atLeast, atMost, meets } from '../results/goal.js';
import type { Goal, PeerName, ResultEntry, ScenarioDetail } from '../results/results-schema.js';
import { median, ratio, round } from '../statistics.js';
import type { TargetName } from '../targets/targets.js';
import { largeImageBytes } from '../upstream/payloads.js';
import type { GatewayScenarioOutcome, TargetRun } from './gateway-scenarios.js';

const imageMiB = largeImageBytes / (1024 * 1024);

type Metric = (outcome: GatewayScenarioOutcome, target: TargetName) => number | null;

/** Turns the P1–P4 runs into the goal entries P1–P6 and their detail records. */
export function gatewayResults(outcomes: readonly GatewayScenarioOutcome[]): {
  entries: ResultEntry[];
  details: ScenarioDetail[];
} {
  const byId = new Map(outcomes.map(outcome => [outcome.scenario.id, outcome]));
  const entries: ResultEntry[] = [];
  const p1 = byId.get('P1');
  if (p1 !== undefined) {
    entries.push(
      entry(p1, {
        id: 'P1',
        metric: 'added latency p50 (target − direct)',
        unit: 'ms',
        value: added('p50'),
        peers: ['portkey', 'passthrough'],
        goal: atMost(0.5, '≤ 0.5 ms'),
        ratioPeer: 'portkey',
      }),
    );
  }
  const p2 = byId.get('P2');
  if (p2 !== undefined) {
    entries.push(
      entry(p2, {
        id: 'P2.p50',
        metric: 'added latency p50 (target − direct)',
        unit: 'ms',
        value: added('p50'),
        peers: ['portkey', 'passthrough'],
        goal: atMost(5, '≤ 5 ms'),
        ratioPeer: 'portkey',
      }),
      entry(p2, {
        id: 'P2.p99',
        metric: 'added latency p99 (target − direct)',
        unit: 'ms',
        value: added('p99'),
        peers: ['portkey', 'passthrough'],
        goal: atMost(20, '≤ 20 ms'),
        ratioPeer: 'portkey',
      }),
      entry(p2, {
        id: 'P2.throughput',
        metric: 'throughput, share of direct',
        unit: '× direct',
        value: throughputShare,
        peers: ['direct', 'portkey', 'passthrough'],
        goal: atLeast(0.9, '≥ 0.9× direct'),
        ratioPeer: 'portkey',
      }),
    );
  }
  const p3 = byId.get('P3');
  if (p3 !== undefined) {
    entries.push(
      entry(p3, {
        id: 'P3',
        metric: 'throughput (predictions endpoint: auth, validation, mapping, logging)',
        unit: 'req/s',
        value: runMedian(run => run.load.requestsPerSecond),
        peers: ['direct', 'portkey', 'passthrough'],
        goal: atLeast(10, '≥ 10× Portkey', 'ratio'),
        ratioPeer: 'portkey',
      }),
    );
  }
  const p4 = byId.get('P4');
  if (p4 !== undefined) {
    const throughput = runMedian(run => run.load.requestsPerSecond);
    entries.push(
      entry(p4, {
        id: 'P4.portkey',
        metric: 'throughput vs Portkey',
        unit: 'req/s',
        value: throughput,
        peers: ['direct', 'portkey', 'passthrough'],
        goal: atLeast(5, '≥ 5× Portkey', 'ratio'),
        ratioPeer: 'portkey',
      }),
      entry(p4, {
        id: 'P4.passthrough',
        metric: 'throughput vs the bare pass-through',
        unit: 'req/s',
        value: throughput,
        peers: ['direct', 'portkey', 'passthrough'],
        goal: atLeast(0.6, '≥ 0.6× pass-through', 'ratio'),
        ratioPeer: 'passthrough',
      }),
      {
        ...entry(p4, {
          id: 'P5.growth',
          metric: `peak RSS growth per in-flight request (during P4), in ${imageMiB} MiB images`,
          unit: '× image',
          value: (outcome, target) => {
            const target_ = outcome.targets.get(target)!;
            const peak = median(target_.runs.flatMap(run => run.peakRssMiB ?? []));
            if (peak === null || target_.idleRssMiB === null) return null;
            return (peak - target_.idleRssMiB) / outcome.scenario.connections / imageMiB;
          },
          peers: ['portkey', 'passthrough'],
          goal: atMost(3, '≤ 3× image'),
          ratioPeer: 'portkey',
        }),
        scenario: 'P5',
        title: 'Memory per in-flight 4 MiB image, c=16',
      },
      {
        ...entry(p4, {
          id: 'P5.idle',
          metric: 'idle RSS (1 s after start, no load)',
          unit: 'MiB',
          value: (outcome, target) => outcome.targets.get(target)!.idleRssMiB,
          peers: ['portkey', 'passthrough'],
          goal: atMost(100, '≤ 100 MiB'),
          ratioPeer: 'portkey',
        }),
        scenario: 'P5',
        title: 'Idle memory',
      },
      {
        ...entry(p4, {
          id: 'P6',
          metric: 'event-loop delay p99 inside the target during P4',
          unit: 'ms',
          value: runMedian(run => run.eventLoopDelayP99Ms),
          peers: ['portkey', 'passthrough'],
          goal: atMost(20, '≤ 20 ms'),
          ratioPeer: 'portkey',
        }),
        scenario: 'P6',
        title: 'Event-loop delay during P4',
      },
    );
  }
  return { entries, details: outcomes.map(detail) };
}

function added(percentile: 'p50' | 'p99'): Metric {
  return (outcome, target) => {
    const direct = outcome.targets.get('direct')!.runs;
    const runs = outcome.targets.get(target)!.runs;
    return median(
      runs.flatMap((run, index) => {
        const baseline = direct[index];
        return baseline === undefined
          ? []
          : [run.load.latency[percentile] - baseline.load.latency[percentile]];
      }),
    );
  };
}

const throughputShare: Metric = (outcome, target) => {
  const direct = outcome.targets.get('direct')!.runs;
  const runs = outcome.targets.get(target)!.runs;
  return median(
    runs.flatMap((run, index) => {
      const baseline = direct[index];
      return baseline === undefined || baseline.load.requestsPerSecond === 0
        ? []
        : [run.load.requestsPerSecond / baseline.load.requestsPerSecond];
    }),
  );
};

function runMedian(read: (run: TargetRun) => number | null): Metric {
  return (outcome, target) =>
    median(outcome.targets.get(target)!.runs.flatMap(run => read(run) ?? []));
}

interface EntrySpec {
  readonly id: string;
  readonly metric: string;
  readonly unit: string;
  readonly value: Metric;
  readonly peers: readonly Exclude<PeerName, 'aiSdk'>[];
  readonly goal: Goal;
  /** The peer Easel is divided by in `ratio`. */
  readonly ratioPeer: Exclude<PeerName, 'aiSdk' | 'direct'>;
}

const peerLabels: Record<string, string> = { portkey: 'Portkey', passthrough: 'pass-through' };

function entry(outcome: GatewayScenarioOutcome, spec: EntrySpec): ResultEntry {
  const measuredValue = (target: TargetName) =>
    outcome.targets.get(target)!.runs.length === 0 ? null : round(spec.value(outcome, target), 4);
  const easel = measuredValue('easel');
  const peers: ResultEntry['peers'] = {};
  for (const peer of spec.peers) peers[peer] = measuredValue(peer);
  const ratioValue = round(ratio(easel, peers[spec.ratioPeer] ?? measuredValue(spec.ratioPeer)), 3);
  const notes = problems(outcome);
  return {
    id: spec.id,
    scenario: spec.id.split('.')[0]!,
    title: outcome.scenario.title,
    metric: spec.metric,
    unit: spec.unit,
    easel,
    peers,
    ratio: ratioValue,
    ratioOf: `Easel ÷ ${peerLabels[spec.ratioPeer]}`,
    goal: spec.goal,
    met: meets(spec.goal, spec.goal.subject === 'ratio' ? ratioValue : easel),
    ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
  };
}

function problems(outcome: GatewayScenarioOutcome): string[] {
  const notes: string[] = [];
  for (const target of outcome.targets.values()) {
    if (target.unavailable !== undefined) {
      notes.push(`${target.name} not measured: ${target.unavailable.split('\n')[0]}`);
    }
    const failed = target.runs.reduce((sum, run) => sum + run.load.errors + run.load.non2xx, 0);
    if (failed > 0) {
      const first = target.runs.find(run => run.load.firstProblem !== undefined)?.load.firstProblem;
      notes.push(`${target.name}: ${failed} failed requests (${first})`);
    }
  }
  if (!outcome.peakResetWorked) notes.push('VmHWM could not be reset: peaks cover whole processes');
  return notes;
}

function detail(outcome: GatewayScenarioOutcome): ScenarioDetail {
  const measurements: ScenarioDetail['measurements'] = {};
  for (const target of outcome.targets.values()) {
    if (target.runs.length === 0) continue;
    const of = (read: (run: TargetRun) => number | null) =>
      round(median(target.runs.flatMap(run => read(run) ?? [])), 4);
    measurements[target.name] = {
      requestsPerSecond: of(run => run.load.requestsPerSecond),
      megabytesPerSecond: of(run => run.load.bytesPerSecond / 1e6),
      p50Ms: of(run => run.load.latency.p50),
      p90Ms: of(run => run.load.latency.p90),
      p99Ms: of(run => run.load.latency.p99),
      p999Ms: of(run => run.load.latency.p999),
      maxMs: of(run => run.load.latency.max),
      failedRequests: target.runs.reduce((sum, run) => sum + run.load.errors + run.load.non2xx, 0),
      idleRssMiB: round(target.idleRssMiB, 4),
      peakRssMiB: of(run => run.peakRssMiB),
      eventLoopDelayP99Ms: of(run => run.eventLoopDelayP99Ms),
      eventLoopDelayMaxMs: of(run => run.eventLoopDelayMaxMs),
      cpuMsPerRequest: of(run => run.cpuMsPerRequest),
      runs: target.runs.length,
    };
  }
  const { scenario } = outcome;
  return {
    id: scenario.id,
    title: scenario.title,
    settings: {
      payload: scenario.payload,
      upstreamDelayMs: scenario.delayMs,
      connections: scenario.connections,
      easelEndpoint: scenario.easelEndpoint,
      loop: 'closed',
    },
    measurements,
    notes: problems(outcome),
  };
}
