import { request } from 'undici';
import { modulePath, startChild } from '../process/child-process.js';
import { atMost, meets } from '../results/goal.js';
import type { ResultEntry, ScenarioDetail } from '../results/results-schema.js';
import { median, round } from '../statistics.js';
import { benchGatewayKey } from '../targets/bench-keys.js';
import { upstreamBaseUrl } from '../upstream/mock-upstream.js';
import type { ScenarioRunner } from './scenario.js';

/** The deadline on each provider call (`timeouts.totalMs`), ms. */
const deadlineMs = 1_000;
const title = `Upstream hangs or stalls, ${deadlineMs} ms deadline: when the 504 arrives`;
const faults = [
  { id: 'R5.hang', fault: 'hang', what: 'no answer at all' },
  { id: 'R5.stall', fault: 'stall', what: 'headers and half of a 4 MiB body, then nothing' },
] as const;

/**
 * R5's timing (the reliability suite checks the 504 and the released sockets; how far past the
 * deadline the answer comes is a time, so it is measured here). The Easel gateway (its own
 * process, breaker off so that every request reaches the upstream) in front of the mock
 * upstream's `hang` and `stall` faults, with a total deadline of `deadlineMs` on provider calls;
 * requests one at a time to the OpenAI-compatible route, first one discarded. The figure is the
 * time from sending the request to the 504's arrival, minus the deadline.
 */
export const deadlineRunner: ScenarioRunner = {
  ids: ['R5'],
  name: `R5: ${title}`,
  run: async context => {
    const upstream = await context.upstreamUrl();
    const entries: ResultEntry[] = [];
    const details: ScenarioDetail[] = [];
    for (const { id, fault, what } of faults) {
      const gateway = await startChild(modulePath('targets/easel-gateway-main.js'), {
        args: [
          upstreamBaseUrl(upstream, fault, 0),
          JSON.stringify({ totalMs: deadlineMs, breaker: false }),
        ],
        profileName: `${id}-easel`,
      });
      try {
        const url = `${String(gateway.info.url)}/v1/images/generations`;
        const overshoots: number[] = [];
        const statuses = new Map<number, number>();
        for (let index = 0; index <= context.durations.deadlineRequests; index += 1) {
          const started = performance.now();
          const answer = await request(url, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${benchGatewayKey}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ model: 'gpt-image-1', prompt: 'a moth at the window' }),
          });
          await answer.body.dump();
          const elapsed = performance.now() - started;
          statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
          if (index > 0) overshoots.push(elapsed - deadlineMs);
        }
        const value = round(median(overshoots), 4);
        const worst = round(Math.max(...overshoots), 4);
        const notOnly504 = [...statuses.keys()].some(status => status !== 504);
        const statusText = [...statuses].map(([status, count]) => `${count}× ${status}`).join(', ');
        context.log(
          `  ${fault}: ${statusText}; past the deadline median ${value} ms, max ${worst} ms`,
        );
        const goal = atMost(250, '≤ 250 ms');
        const notes = notOnly504 ? [`answers other than 504: ${statusText}`] : [];
        entries.push({
          id,
          scenario: 'R5',
          title: `${title} (${what})`,
          metric: '504 arrival − deadline (median)',
          unit: 'ms',
          // Answers other than 504 mean the deadline was not what ended them: not measured.
          easel: notOnly504 ? null : value,
          peers: {},
          ratio: null,
          ratioOf: null,
          goal,
          met: notOnly504 ? null : meets(goal, value),
          ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
        });
        details.push({
          id,
          title,
          settings: { deadlineMs, fault, requests: overshoots.length },
          measurements: {
            easel: { medianMs: value, maxMs: worst, answers504: statuses.get(504) ?? 0 },
          },
          notes,
        });
      } finally {
        await gateway.stop();
      }
    }
    return { entries, details };
  },
};
