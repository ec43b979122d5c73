/**
 * P10: `easel.generate` with `@easel/provider-flux`, one hub per BFL simulator (each simulator
 * has its own job duration). `round` starts one job on every simulator at once and returns, per
 * job, when it was started and when `generate` resolved (ms since the epoch, the clock the
 * simulators use for `readyAt`).
 *
 *   flux-delivery-main.js <apiKey> <simulators as JSON: [{ url, origins }]>
 */
import { createEasel } from '@easel/core';
import { createFlux } from '@easel/provider-flux';
import { serveCalls } from '../process/ipc-protocol.js';

const [apiKey, simulatorsJson] = process.argv.slice(2);
if (apiKey === undefined || simulatorsJson === undefined) {
  throw new Error('usage: flux-delivery-main.js <apiKey> <simulators JSON>');
}
const simulators = JSON.parse(simulatorsJson) as { url: string; origins: string[] }[];
const hubs = simulators.map(simulator =>
  createEasel({
    providers: [
      createFlux({ apiKey, baseURL: simulator.url, downloads: { allowlist: simulator.origins } }),
    ],
  }),
);

serveCalls(
  {
    round: () =>
      Promise.all(
        hubs.map(async (easel, simulator) => {
          const startedAt = Date.now();
          const result = await easel.generate('flux-kontext-pro', {
            prompt: 'A red fox in fresh snow, morning light',
            // Same seed and prompt for every job: the simulator renders the sample once and
            // serves it from its cache afterwards, so rendering does not count as lateness.
            seed: 42,
            aspect_ratio: '1:1',
            output_format: 'jpeg',
          });
          const resolvedAt = Date.now();
          if (result.images.length !== 1) throw new Error('expected one image');
          return { simulator, startedAt, resolvedAt };
        }),
      ),
  },
  {},
);
