import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ImageProviderSettings, ImageProviderV1 } from '@easel/core';
import { describe, expect, it } from 'vitest';
import { startReferenceSimulator } from '../reference/reference-simulator.js';
import {
  attachesHeadersToErrors,
  resubmitsAfter500,
  silentAboutSnapping,
  untypedErrors,
  wrongSpecification,
} from './__fixtures__/broken-providers.js';
import { ConformanceError } from './conformance-error.js';
import type { ConformanceCheckId } from './conformance-options.js';
import { createConformanceSuite } from './create-conformance-suite.js';

/** Run one check of the suite against `createProvider`; returns its error, or undefined when it passed. */
async function runCheck(
  createProvider: (settings: ImageProviderSettings) => ImageProviderV1<object>,
  id: ConformanceCheckId,
  modelId?: string,
): Promise<unknown> {
  const suite = createConformanceSuite({
    createProvider,
    startSimulator: () => startReferenceSimulator({ jobDurationMs: 30 }),
    apiKeyEnvironmentVariables: ['EASEL_REFERENCE_API_KEY'],
    settings: { pollInterval: { initialMs: 10 } },
  });
  const checks = [
    ...suite.providerChecks,
    ...suite.models.flatMap(model => model.checks),
    ...suite.finalChecks,
  ];
  const wanted = checks.filter(
    check => check.id === id && (modelId === undefined || check.modelId === modelId),
  );
  expect(wanted.length).toBeGreaterThan(0);
  await suite.setup();
  try {
    if (id === 'secrets') {
      suite.reset();
      await checks
        .find(check => check.id === 'errors' && check.modelId === 'ref-sync')!
        .run()
        .catch(() => undefined);
    }
    for (const check of wanted) {
      suite.reset();
      await check.run();
    }
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await suite.teardown();
  }
}

describe('the conformance suite catches broken adapters', () => {
  it('an adapter that snaps sizes without saying so', async () => {
    const error = await runCheck(silentAboutSnapping, 'sizes', 'ref-sync');
    expect(error).toBeInstanceOf(ConformanceError);
    expect((error as Error).message).toBe(
      "[reference/ref-sync] size is honoured when supported, snapped with a warning otherwise: unsupported size 1000x1000 gave no 'approximated' warning for size (got 1024x1024)",
    );
    const seed = await runCheck(silentAboutSnapping, 'seed', 'ref-async');
    expect((seed as Error).message).toBe(
      '[reference/ref-async] seed is honoured or reported unsupported: capabilities.seed is false but no unsupported warning for seed came back',
    );
  });

  it('an adapter that resubmits a paid generation after a 500', async () => {
    const error = await runCheck(resubmitsAfter500, 'retry', 'ref-sync');
    expect((error as Error).message).toBe(
      '[reference/ref-sync] retries what was not accepted, never resubmits a paid request that may have been: a 500 may mean the work was done (and billed): the paid request must not be resubmitted, but it was sent 2 times',
    );
  });

  it('an adapter that loses the error types', async () => {
    const error = await runCheck(untypedErrors, 'errors', 'ref-sync');
    expect((error as Error).message).toMatch(
      /^\[reference\/ref-sync\] upstream error answers become the right typed errors: 429 with Retry-After: 7: expected RateLimitError, got ProviderError \(provider_error\): reference: the adapter failed: reference \(HTTP 429\): Too many requests$/,
    );
  });

  it('an adapter that attaches the API key to its errors', async () => {
    const error = await runCheck(attachesHeadersToErrors, 'secrets');
    expect((error as Error).message).toMatch(/^\[secrets\] an error contains the API key: /);
    expect((error as Error).message).not.toContain('sk-easel-canary');
  });

  it('an adapter of another specification version', async () => {
    const error = await runCheck(wrongSpecification, 'spec');
    expect((error as Error).message).toBe(
      '[reference] implements specification v1: model ref-sync: specificationVersion is v2, expected "v1"',
    );
  });

  it('a correct adapter passes the same checks', async () => {
    const { createReference } = await import('../reference/reference-provider.js');
    for (const [id, modelId] of [
      ['sizes', 'ref-sync'],
      ['retry', 'ref-sync'],
      ['errors', 'ref-sync'],
      ['spec', undefined],
    ] as const) {
      expect(await runCheck(settings => createReference(settings), id, modelId)).toBeUndefined();
    }
  });

  it('testImageProvider reports the failure in a real vitest run', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'easel-conformance-'));
    const report = join(directory, 'report.json');
    const packageRoot = join(import.meta.dirname, '..', '..');
    try {
      await promisify(execFile)(
        process.execPath,
        [
          join(packageRoot, 'node_modules', 'vitest', 'vitest.mjs'),
          'run',
          '--config',
          'src/conformance/__fixtures__/vitest.fixture.config.ts',
          '--reporter=json',
          `--outputFile=${report}`,
        ],
        { cwd: packageRoot, env: { ...process.env, CI: 'true' } },
      ).catch(error => error);
      const results = JSON.parse(await readFile(report, 'utf8')) as {
        numFailedTests: number;
        numPassedTests: number;
        testResults: Array<{
          assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
        }>;
      };
      const assertions = results.testResults.flatMap(file => file.assertionResults);
      const failed = assertions
        .filter(assertion => assertion.status === 'failed')
        .map(assertion => assertion.title);
      expect(failed).toEqual([
        'size is honoured when supported, snapped with a warning otherwise',
        'aspect_ratio is honoured when supported, snapped with a warning otherwise',
      ]);
      expect(results.numFailedTests).toBe(2);
      const sizes = assertions.find(assertion => assertion.title.startsWith('size is honoured'))!;
      expect(sizes.status).toBe('failed');
      expect(sizes.failureMessages[0]).toContain(
        "ConformanceError: [reference/ref-sync] size is honoured when supported, snapped with a warning otherwise: unsupported size 1000x1000 gave no 'approximated' warning for size (got 1024x1024)",
      );
      expect(results.numPassedTests).toBeGreaterThan(10);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
