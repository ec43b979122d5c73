import { modulePath, startChild } from '../process/child-process.js';
import { atMost, meets } from '../results/goal.js';
import { simulatorKeys } from '../simulators/simulator-keys.js';
import { median, ratio, round } from '../statistics.js';
import type { ScenarioRunner } from './scenario.js';

/** How long the simulated Stability generation takes (applied to every POST), ms. */
const generationMs = 1_000;
const title = `Stability fan-out: n=4 vs n=1 wall time (simulated generation ${generationMs} ms)`;

/**
 * P9: `easel.generate` against the Stability simulator (its own process), which answers every
 * generation after `generationMs`. Stability makes one image per request, so n=4 is four
 * concurrent requests: the wall time of n=4 over n=1 shows whether the fan-out is concurrent and
 * what it costs. One discarded pair first, then n=1 / n=4 pairs alternating.
 */
export const stabilityFanOutRunner: ScenarioRunner = {
  ids: ['P9'],
  name: `P9: ${title}`,
  run: async context => {
    const simulator = await startChild(modulePath('simulators/simulator-host-main.js'), {
      args: ['stability', String(generationMs)],
    });
    const client = await startChild(modulePath('sdk/stability-fan-out-main.js'), {
      args: [String(simulator.info.url), simulatorKeys.stability],
      profileName: 'P9-easel',
    }).catch(async (error: unknown) => {
      await simulator.stop();
      throw error;
    });
    try {
      const times: Record<1 | 4, number[]> = { 1: [], 4: [] };
      for (let pair = 0; pair <= context.durations.fanOutRepetitions; pair += 1) {
        for (const n of pair % 2 === 0 ? ([1, 4] as const) : ([4, 1] as const)) {
          const { wallMs } = await client.call<{ wallMs: number }>('generate', { n });
          if (pair > 0) times[n].push(wallMs);
        }
      }
      const errors = await simulator.call<string[]>('errors');
      const one = median(times[1]);
      const four = median(times[4]);
      context.log(`  n=1 ${one?.toFixed(1)} ms, n=4 ${four?.toFixed(1)} ms`);
      const value = round(ratio(four, one), 4);
      const goal = atMost(1.2, '≤ 1.2× n=1');
      const notes = errors.length === 0 ? [] : [`simulator errors: ${errors[0]}`];
      return {
        entries: [
          {
            id: 'P9',
            scenario: 'P9',
            title,
            metric: 'wall time of n=4 ÷ wall time of n=1 (median)',
            unit: '× n=1',
            easel: value,
            peers: {},
            ratio: null,
            ratioOf: null,
            goal,
            met: meets(goal, value),
            ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
          },
        ],
        details: [
          {
            id: 'P9',
            title,
            settings: { generationMs, model: 'stability/sd3.5-large', pairs: times[1].length },
            measurements: {
              easel: {
                n1MedianMs: round(one, 4),
                n4MedianMs: round(four, 4),
                n1MinMs: round(Math.min(...times[1]), 4),
                n4MinMs: round(Math.min(...times[4]), 4),
              },
            },
            notes,
          },
        ],
      };
    } finally {
      await client.stop();
      await simulator.stop();
    }
  },
};
