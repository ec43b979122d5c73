import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import { repositoryRoot } from './paths.js';
import type { Machine } from './results/results-schema.js';

/** The machine, runtime and commit the benchmark runs on. */
export function machineInfo(): Machine {
  const require = createRequire(import.meta.url);
  const undiciManifest = JSON.parse(
    readFileSync(require.resolve('undici/package.json'), 'utf8'),
  ) as {
    version: string;
  };
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: repositoryRoot, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    undici: undiciManifest.version,
    gitSha: git('rev-parse', 'HEAD') || 'unknown',
    gitDirty: git('status', '--porcelain').length > 0,
    date: new Date().toISOString(),
  };
}
