/**
 * P9: `easel.generate` with `@easel/provider-stability` against the Stability simulator. Each
 * `generate` call returns the wall time of one generation of `n` images.
 *
 *   stability-fan-out-main.js <baseURL> <apiKey>
 */
import { createEasel } from '@easel/core';
import { createStability } from '@easel/provider-stability';
import { serveCalls } from '../process/ipc-protocol.js';

const [baseURL, apiKey] = process.argv.slice(2);
if (baseURL === undefined || apiKey === undefined) {
  throw new Error('usage: stability-fan-out-main.js <baseURL> <apiKey>');
}
const easel = createEasel({ providers: [createStability({ apiKey, baseURL })] });

serveCalls(
  {
    generate: async ({ n }: { n: number }) => {
      const started = performance.now();
      const result = await easel.generate('stability/sd3.5-large', {
        prompt: 'A lighthouse at dusk, waves, cinematic lighting',
        n,
        // A fixed seed: the simulator's image cache then serves repeated runs, so its synthesis
        // cost does not pollute the client's fan-out timing.
        seed: 1234,
        aspect_ratio: '1:1',
      });
      const wallMs = performance.now() - started;
      if (result.images.length !== n)
        throw new Error(`expected ${n} images, got ${result.images.length}`);
      return { wallMs };
    },
  },
  {},
);
