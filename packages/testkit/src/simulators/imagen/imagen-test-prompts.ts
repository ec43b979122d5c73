/**
 * Prompts that trigger documented outcomes; the simulator looks for them as substrings of
 * `instances[0].prompt`, checked in this order:
 * - `rateLimited`: 429 RESOURCE_EXHAUSTED "Resource has been exhausted (e.g. check quota).";
 * - `promptBlocked`: 400 INVALID_ARGUMENT, the prompt-level safety block;
 * - `filterAll`: 200 with every image filtered out (only `raiFilteredReason` items with
 *   `includeRaiReason`, else `{}`);
 * - `filterOne`: 200 with one image fewer (a `raiFilteredReason` item in its place with
 *   `includeRaiReason`).
 *
 * @example
 * body: { instances: [{ prompt: `a fox ${imagenTestPrompts.filterOne}` }], parameters: { sampleCount: 2 } }
 */
export const imagenTestPrompts = {
  promptBlocked: 'easel-test:prompt-blocked',
  filterOne: 'easel-test:filter-one',
  filterAll: 'easel-test:filter-all',
  rateLimited: 'easel-test:rate-limited',
} as const;
