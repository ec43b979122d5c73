import { modulePath, startChild } from '../process/child-process.js';
import { atMost, meets } from '../results/goal.js';
import type { ResultEntry } from '../results/results-schema.js';
import { simulatorKeys } from '../simulators/simulator-keys.js';
import { median, round } from '../statistics.js';
import type { ScenarioRunner } from './scenario.js';

interface ClientJob {
  readonly simulator: number;
  readonly startedAt: number;
  readonly resolvedAt: number;
}

interface SimulatorJobs {
  readonly durationMs: number;
  readonly jobs: readonly { id: string; submittedAt: number; readyAt: number; polls: number }[];
}

const title = 'FLUX: result delivery after the job turns Ready, and polling rate';

/**
 * P10: `easel.generate` with `@easel/provider-flux` against BFL simulators (one per simulated job
 * duration, all in one process of their own). Each round starts one job on every simulator at
 * once. Per job: lateness = when `generate` resolved − when the simulator turned the job Ready
 * (`readyAt`), and polls = `GET /v1/get_result` requests for its id. Jobs share seed and prompt,
 * so the simulator renders the sample once and serves it from its cache afterwards.
 */
export const fluxDeliveryRunner: ScenarioRunner = {
  ids: ['P10'],
  name: `P10: ${title}`,
  run: async context => {
    const { fluxJobDurationsMs, fluxRounds } = context.durations;
    const simulator = await startChild(modulePath('simulators/simulator-host-main.js'), {
      args: ['bfl', fluxJobDurationsMs.join(',')],
    });
    const simulators = simulator.info.simulators as { url: string; origins: string[] }[];
    const client = await startChild(modulePath('sdk/flux-delivery-main.js'), {
      args: [simulatorKeys.bfl, JSON.stringify(simulators)],
      profileName: 'P10-easel',
    }).catch(async (error: unknown) => {
      await simulator.stop();
      throw error;
    });
    try {
      const clientJobs: ClientJob[][] = [];
      for (let round_ = 0; round_ < fluxRounds; round_ += 1) {
        clientJobs.push(await client.call<ClientJob[]>('round'));
      }
      const onWire = await simulator.call<SimulatorJobs[]>('jobs');
      const errors = await simulator.call<string[]>('errors');
      const lateness: number[] = [];
      const pollRates: number[] = [];
      let polls = 0;
      let jobSeconds = 0;
      clientJobs.forEach((round_, roundIndex) => {
        for (const job of round_) {
          const wire = onWire[job.simulator]?.jobs[roundIndex];
          if (wire === undefined)
            throw new Error(`no simulator job for simulator ${job.simulator}`);
          lateness.push(job.resolvedAt - wire.readyAt);
          const seconds = (job.resolvedAt - wire.submittedAt) / 1_000;
          pollRates.push(wire.polls / seconds);
          polls += wire.polls;
          jobSeconds += seconds;
        }
      });
      const medianLateness = round(median(lateness), 4);
      const pollRate = round(polls / jobSeconds, 4);
      context.log(
        `  ${lateness.length} jobs: lateness median ${medianLateness} ms (max ${Math.max(...lateness)} ms), ${pollRate} polls per job-second`,
      );
      const latenessGoal = atMost(300, '≤ 300 ms');
      const pollGoal = atMost(2, '≤ 2 polls/s');
      const notes = errors.length === 0 ? [] : [`simulator errors: ${errors[0]}`];
      const note = notes.length === 0 ? {} : { note: notes.join('; ') };
      const entries: ResultEntry[] = [
        {
          id: 'P10.delivery',
          scenario: 'P10',
          title,
          metric: 'generate resolved − job Ready (median over jobs)',
          unit: 'ms',
          easel: medianLateness,
          peers: {},
          ratio: null,
          ratioOf: null,
          goal: latenessGoal,
          met: meets(latenessGoal, medianLateness),
          ...note,
        },
        {
          id: 'P10.polls',
          scenario: 'P10',
          title,
          metric: 'GET /v1/get_result per job-second (all jobs)',
          unit: 'polls/s',
          easel: pollRate,
          peers: {},
          ratio: null,
          ratioOf: null,
          goal: pollGoal,
          met: meets(pollGoal, pollRate),
          ...note,
        },
      ];
      return {
        entries,
        details: [
          {
            id: 'P10',
            title,
            settings: {
              jobDurationsMs: fluxJobDurationsMs.join(','),
              rounds: fluxRounds,
              model: 'flux-kontext-pro',
              pollInterval: 'provider default',
            },
            measurements: {
              easel: {
                jobs: lateness.length,
                latenessMedianMs: medianLateness,
                latenessMinMs: Math.min(...lateness),
                latenessMaxMs: Math.max(...lateness),
                pollsPerJobSecond: pollRate,
                pollsPerJobSecondMax: round(Math.max(...pollRates), 4),
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
