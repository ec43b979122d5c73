#!/usr/bin/env node
import { join } from 'node:path';
/**
 * `pnpm bench` — runs the side-by-side benchmarks, writes `bench/results/latest.json`, prints the
 * table and regenerates the README's Performance section. See `bench/README.md`.
 */
import { type BenchOptions, durations, parseBenchOptions, usage } from './bench-options.js';
import { machineInfo } from './machine-info.js';
import { benchRoot, latestResultsPath, partialResultsPath } from './paths.js';
import {
  type ChildHandle,
  modulePath,
  profileDirectoryVariable,
  startChild,
} from './process/child-process.js';
import { renderTable } from './readme/performance-section.js';
import { readResults, updateReadme, writeResults } from './results/results-file.js';
import type { BenchResults, ResultEntry, ScenarioDetail } from './results/results-schema.js';
import { deadlineRunner } from './scenarios/deadline.js';
import { fluxDeliveryRunner } from './scenarios/flux-delivery.js';
import { footprintRunner } from './scenarios/footprint.js';
import { gatewayRunners } from './scenarios/gateway-runners.js';
import { failedEntry, type ScenarioContext, type ScenarioRunner } from './scenarios/scenario.js';
import { sdkCostRunner } from './scenarios/sdk-cost.js';
import { stabilityFanOutRunner } from './scenarios/stability-fan-out.js';

const runners: readonly ScenarioRunner[] = [
  ...gatewayRunners,
  sdkCostRunner,
  footprintRunner,
  stabilityFanOutRunner,
  fluxDeliveryRunner,
  deadlineRunner,
];

async function main(options: BenchOptions): Promise<number> {
  if (options.readmeOnly) {
    updateReadme(readResults(latestResultsPath));
    console.log(`README Performance section regenerated from ${latestResultsPath}`);
    return 0;
  }
  const selected =
    options.only.length === 0
      ? runners
      : runners.filter(runner => runner.ids.some(id => options.only.includes(id)));
  if (selected.length === 0)
    throw new Error(`no scenario matches ${options.only.join(',')}\n${usage}`);

  if (options.profile) {
    const directory = join(benchRoot, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
    process.env[profileDirectoryVariable] = directory;
    console.error(`CPU profiles: ${directory}`);
  }
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let upstream: ChildHandle | undefined;
  const context: ScenarioContext = {
    mode: options.mode,
    durations: durations[options.mode],
    log,
    upstreamUrl: async () => {
      upstream ??= await startChild(modulePath('upstream/mock-upstream-main.js'));
      return String(upstream.info.url);
    },
  };
  const entries: ResultEntry[] = [];
  const details: ScenarioDetail[] = [];
  let failures = 0;
  try {
    for (const runner of selected) {
      log(`\n▶ ${runner.name}`);
      const runnerStarted = Date.now();
      try {
        const output = await runner.run(context);
        entries.push(...output.entries);
        details.push(...output.details);
      } catch (error) {
        failures += 1;
        log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        entries.push(failedEntry(runner.ids[0]!, runner.name, error));
      }
      log(`  (${((Date.now() - runnerStarted) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await upstream?.stop();
  }

  const partial = options.only.length > 0 || options.profile;
  const results: BenchResults = {
    schemaVersion: 1,
    mode: options.mode,
    command: `npx --yes pnpm@10.34.8 bench${options.mode === 'quick' ? ' --quick' : ''}${options.only.length > 0 ? ` --only ${options.only.join(',')}` : ''}${options.profile ? ' --profile' : ''}`,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: machineInfo(),
    ...(options.caveat === undefined ? {} : { caveat: options.caveat }),
    entries: sortEntries(entries),
    scenarios: details,
  };
  const path = partial ? partialResultsPath : latestResultsPath;
  writeResults(path, results);
  console.log(`\n${renderTable(results)}\n`);
  console.log(`Results: ${path}`);
  if (!partial) {
    updateReadme(results);
    console.log('README.md Performance section regenerated.');
  }
  return failures === 0 ? 0 : 1;
}

function sortEntries(entries: readonly ResultEntry[]): ResultEntry[] {
  // P1…P10, then the reliability timings (R5).
  const order = (entry: ResultEntry) =>
    (entry.scenario.startsWith('R') ? 100 : 0) + Number(entry.scenario.slice(1));
  return [...entries].sort((left, right) => order(left) - order(right));
}

main(parseBenchOptions(process.argv.slice(2))).then(
  code => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
