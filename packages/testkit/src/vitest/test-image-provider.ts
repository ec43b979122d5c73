import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import type { ConformanceOptions } from '../conformance/conformance-options.js';
import {
  createConformanceSuite,
  type RunnableCheck,
} from '../conformance/create-conformance-suite.js';

/** Options of `testImageProvider`. */
export interface TestImageProviderOptions extends ConformanceOptions {
  /** Time limit of each check, ms. Default 60 000. */
  readonly timeoutMs?: number;
}

/**
 * Register the Easel conformance suite of a provider with vitest: one `describe` per provider,
 * one `it` per check and model. Call it at the top level of a test file.
 *
 * @example
 * testImageProvider({
 *   createProvider: settings => createAcme(settings),
 *   startSimulator: () => startAcmeSimulator(),
 *   apiKeyEnvironmentVariables: ['ACME_API_KEY'],
 *   cases: { 'acme-1': { moderated: [{ input: { prompt: 'blocked' }, stage: 'input' }] } },
 * });
 */
export function testImageProvider(options: TestImageProviderOptions): void {
  const suite = createConformanceSuite(options);
  const timeout = options.timeoutMs ?? 60_000;
  const register = (check: RunnableCheck) =>
    (check.skipped ? it.skip : it)(check.title, () => check.run(), timeout);
  describe(`Easel conformance: ${suite.name}`, () => {
    beforeAll(() => suite.setup(), timeout);
    afterAll(() => suite.teardown(), timeout);
    beforeEach(() => suite.reset());
    describe('provider', () => suite.providerChecks.forEach(register));
    for (const model of suite.models)
      describe(`model ${model.modelId}`, () => model.checks.forEach(register));
    describe('secrets', () => suite.finalChecks.forEach(register));
  });
}
