import { type ChildHandle, modulePath, startChild } from '../process/child-process.js';
import { atMost, meets } from '../results/goal.js';
import type { ResultEntry } from '../results/results-schema.js';
import { simulatorKeys } from '../simulators/simulator-keys.js';
import { median, ratio, round } from '../statistics.js';
import type { ScenarioRunner } from './scenario.js';

interface GenerationCost {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly bytes: number;
}

interface SdkMemory {
  /** RSS once the SDK was imported and a client created (after a forced GC). */
  readonly importedRssMiB: number;
  /** Peak RSS during the measured calls (`VmHWM`, reset after the discarded calls). */
  readonly peakRssMiB: number;
  readonly rssMiB: number;
  readonly peakReset: boolean;
}

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorized: boolean;
  readonly violations: readonly string[];
}

const sdks = ['easel', 'ai-sdk'] as const;
const imagesPerCall = 4;
const discardedCalls = 2;
const title = 'SDK cost: 4 × 4 MiB gpt-image-1 images, Easel vs Vercel AI SDK';

/**
 * P7: `easel.generate` (`@easel/provider-openai`) against `generateImage` (`ai` +
 * `@ai-sdk/openai`), each SDK in its own process (run with `--expose-gc`), the OpenAI simulator in
 * a third. Calls alternate between the SDKs; the first two of each are discarded.
 */
export const sdkCostRunner: ScenarioRunner = {
  ids: ['P7'],
  name: `P7: ${title}`,
  run: async context => {
    const simulator = await startChild(modulePath('simulators/simulator-host-main.js'), {
      args: ['openai-4x4m'],
    });
    const children = new Map<(typeof sdks)[number], ChildHandle>();
    try {
      const baseURL = `${String(simulator.info.url)}/v1`;
      for (const sdk of sdks) {
        children.set(
          sdk,
          await startChild(modulePath('sdk/sdk-cost-main.js'), {
            args: [sdk, baseURL, simulatorKeys.openai],
            execArgv: ['--expose-gc'],
            profileName: `P7-${sdk}`,
          }),
        );
      }
      const costs = new Map<string, GenerationCost[]>(sdks.map(sdk => [sdk, []]));
      const peakReset = new Map<string, boolean>();
      const total = discardedCalls + context.durations.sdkRepetitions;
      for (let call = 0; call < total; call += 1) {
        if (call === discardedCalls) {
          for (const sdk of sdks) {
            peakReset.set(sdk, await children.get(sdk)!.call<boolean>('resetPeak'));
          }
        }
        for (const sdk of call % 2 === 0 ? sdks : [...sdks].reverse()) {
          const cost = await children.get(sdk)!.call<GenerationCost>('generate');
          if (call >= discardedCalls) costs.get(sdk)!.push(cost);
        }
      }
      const memory = new Map<string, SdkMemory>();
      for (const sdk of sdks) {
        const reading = await children.get(sdk)!.call<Omit<SdkMemory, 'peakReset'>>('memory');
        memory.set(sdk, { ...reading, peakReset: peakReset.get(sdk) ?? false });
        const cpu = median(costs.get(sdk)!.map(cost => cost.cpuMs / imagesPerCall));
        context.log(
          `  ${sdk.padEnd(7)} CPU ${cpu?.toFixed(1)} ms/image, peak RSS ${reading.peakRssMiB.toFixed(0)} MiB (${reading.importedRssMiB.toFixed(0)} MiB after import)`,
        );
      }
      const requests = await simulator.call<RecordedRequest[]>('requests');
      return summarise(costs, memory, requests);
    } finally {
      await Promise.all([...children.values()].map(child => child.stop()));
      await simulator.stop();
    }
  },
};

function summarise(
  costs: ReadonlyMap<string, readonly GenerationCost[]>,
  memory: ReadonlyMap<string, SdkMemory>,
  requests: readonly RecordedRequest[],
) {
  const of = (sdk: string, read: (cost: GenerationCost) => number) =>
    round(median((costs.get(sdk) ?? []).map(read)), 4);
  const notes: string[] = [];
  const generations = requests.filter(request => request.path === '/v1/images/generations');
  const invalid = generations.filter(
    request => request.violations.length > 0 || !request.authorized,
  );
  if (invalid.length > 0) {
    notes.push(
      `${invalid.length} of ${generations.length} requests broke OpenAI's spec or lacked the key: ${invalid[0]?.violations[0] ?? 'no key'}`,
    );
  }
  if ([...memory.values()].some(reading => !reading.peakReset)) {
    notes.push('VmHWM could not be reset: peaks cover whole processes');
  }
  const cpuEasel = of('easel', cost => cost.cpuMs / imagesPerCall);
  const cpuAi = of('ai-sdk', cost => cost.cpuMs / imagesPerCall);
  const growth = (sdk: string) => {
    const reading = memory.get(sdk);
    return reading === undefined ? null : round(reading.peakRssMiB - reading.importedRssMiB, 4);
  };
  const memoryEasel = growth('easel');
  const memoryAi = growth('ai-sdk');
  const cpuGoal = atMost(0.5, '≤ 0.5× AI SDK', 'ratio');
  const memoryGoal = atMost(0.5, '≤ 0.5× AI SDK', 'ratio');
  const cpuRatio = round(ratio(cpuEasel, cpuAi), 3);
  const memoryRatio = round(ratio(memoryEasel, memoryAi), 3);
  const note = notes.length === 0 ? {} : { note: notes.join('; ') };
  const entries: ResultEntry[] = [
    {
      id: 'P7.cpu',
      scenario: 'P7',
      title,
      metric: 'CPU time per image (process.cpuUsage, call + reading the bytes)',
      unit: 'ms',
      easel: cpuEasel,
      peers: { aiSdk: cpuAi },
      ratio: cpuRatio,
      ratioOf: 'Easel ÷ AI SDK',
      goal: cpuGoal,
      met: meets(cpuGoal, cpuRatio),
      ...note,
    },
    {
      id: 'P7.memory',
      scenario: 'P7',
      title,
      metric: 'peak RSS during the calls − RSS after import',
      unit: 'MiB',
      easel: memoryEasel,
      peers: { aiSdk: memoryAi },
      ratio: memoryRatio,
      ratioOf: 'Easel ÷ AI SDK',
      goal: memoryGoal,
      met: meets(memoryGoal, memoryRatio),
      ...note,
    },
  ];
  const measurements: Record<string, Record<string, number | null>> = {};
  for (const sdk of sdks) {
    measurements[sdk] = {
      cpuMsPerImage: of(sdk, cost => cost.cpuMs / imagesPerCall),
      wallMsPerCall: of(sdk, cost => cost.wallMs),
      importedRssMiB: round(memory.get(sdk)?.importedRssMiB ?? null, 4),
      peakRssMiB: round(memory.get(sdk)?.peakRssMiB ?? null, 4),
      peakGrowthMiB: growth(sdk),
      calls: costs.get(sdk)?.length ?? 0,
    };
  }
  return {
    entries,
    details: [
      {
        id: 'P7',
        title,
        settings: { imagesPerCall, imageBytes: 4 * 1024 * 1024, discardedCalls },
        measurements,
        notes,
      },
    ],
  };
}
