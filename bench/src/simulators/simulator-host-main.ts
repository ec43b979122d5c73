/**
 * Hosts testkit wire simulators in a process of their own, so their work (validation, image
 * synthesis) never competes with the SDK being measured in its event loop. The orchestrator
 * reads what happened on the wire through calls.
 *
 *   simulator-host-main.js openai-4x4m           OpenAI Images; generations answer four 4 MiB images
 *   simulator-host-main.js stability <latencyMs> Stability SD 3.5; every generation takes latencyMs
 *   simulator-host-main.js bfl <ms,ms,…>         one BFL simulator per simulated job duration
 */
import type { Simulator } from '@easel/testkit';
import { type BflSimulator, startBflSimulator } from '@easel/testkit/bfl';
import { startOpenAISimulator } from '@easel/testkit/openai';
import {
  OpenApiValidator,
  openaiImagesOpenapiDocument,
  specRequestBody,
} from '@easel/testkit/specs';
import { startStabilitySimulator } from '@easel/testkit/stability';
import { serveCalls } from '../process/ipc-protocol.js';
import { buildPayload } from '../upstream/payloads.js';
import { simulatorKeys } from './simulator-keys.js';

const [kind, argument = ''] = process.argv.slice(2);

if (kind === 'openai-4x4m') {
  const simulator = await startOpenAISimulator({ apiKey: simulatorKeys.openai });
  // The simulator's own images are small synthesised PNGs; four 4 MiB images are served as one
  // precomputed body instead (synthesising them per request would dominate). Requests are still
  // recorded and checked against OpenAI's spec afterwards.
  simulator.inject({
    match: { method: 'POST', path: '/v1/images/generations' },
    fault: {
      type: 'respond',
      status: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_bench' },
      body: buildPayload('image4mx4'),
    },
  });
  const validator = new OpenApiValidator(openaiImagesOpenapiDocument);
  serveCalls(
    {
      requests: () =>
        simulator.requests.map(request => ({
          method: request.method,
          path: request.path,
          authorized: request.headers.authorization === `Bearer ${simulatorKeys.openai}`,
          violations: validator
            .validateRequest('/images/generations', specRequestBody(request))
            .map(violation => JSON.stringify(violation)),
        })),
      reset: () => simulator.reset(),
    },
    { url: simulator.url },
  );
} else if (kind === 'stability') {
  const latencyMs = Number(argument);
  const simulator = await startStabilitySimulator({ apiKey: simulatorKeys.stability });
  simulator.inject({ match: { method: 'POST' }, fault: { type: 'latency', ms: latencyMs } });
  serveCalls(
    {
      requests: () => simulator.requests.length,
      errors: () => simulator.errors.map(String),
    },
    { url: simulator.url, origins: simulator.origins },
  );
} else if (kind === 'bfl') {
  const durationsMs = argument.split(',').map(Number);
  const simulators: BflSimulator[] = [];
  for (const jobDurationMs of durationsMs) {
    simulators.push(await startBflSimulator({ apiKey: simulatorKeys.bfl, jobDurationMs }));
  }
  serveCalls(
    {
      /** Every job of every simulator, with the polls its id received. */
      jobs: () =>
        simulators.map((simulator, index) => ({
          durationMs: durationsMs[index],
          jobs: [...simulator.jobs.values()].map(job => ({
            id: job.id,
            submittedAt: job.submittedAt,
            readyAt: job.readyAt,
            polls: pollsOf(simulator, job.id),
          })),
        })),
      errors: () => simulators.flatMap(simulator => simulator.errors.map(String)),
    },
    {
      simulators: simulators.map((simulator, index) => ({
        url: simulator.url,
        origins: simulator.origins,
        durationMs: durationsMs[index],
      })),
    },
  );
} else {
  throw new Error(`unknown simulator kind ${kind}`);
}

function pollsOf(simulator: Simulator, id: string): number {
  return simulator.requests.filter(
    request =>
      request.method === 'GET' &&
      request.path === '/v1/get_result' &&
      request.query.get('id') === id,
  ).length;
}
