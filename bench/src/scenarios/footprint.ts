import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../paths.js';
import { atMost, meets } from '../results/goal.js';
import type { ResultEntry } from '../results/results-schema.js';
import { median, ratio, round } from '../statistics.js';
import type { ScenarioRunner } from './scenario.js';

const run = promisify(execFile);
const title = 'Footprint: @easel/core + @easel/provider-openai vs ai + @ai-sdk/openai';
const pnpmVersion = 'pnpm@10.34.8';

/** A set of packages installed the way an application would. */
interface PackageSet {
  readonly name: 'easel' | 'aiSdk';
  /** What `npm install` gets (tarball paths or `name@version`). */
  readonly install: readonly string[];
  /** What the import probe imports, in order. */
  readonly imports: readonly string[];
}

/**
 * P8: installed size and cold import time. Easel's two packages are packed with `pnpm pack` (so
 * `workspace:` ranges become versions, as when published) and installed with `npm install` into a
 * fresh directory outside the workspace, their dependencies coming from the npm registry; `ai` and
 * `@ai-sdk/openai` (the versions this package depends on) are installed the same way. Size is the
 * sum of file sizes under `node_modules`. Import time is measured inside a fresh `node` process
 * from before the first `await import()` to after the last, alternating the two sets.
 */
export const footprintRunner: ScenarioRunner = {
  ids: ['P8'],
  name: `P8: ${title}`,
  run: async context => {
    const root = mkdtempSync(join(tmpdir(), 'easel-bench-footprint-'));
    try {
      const tarballs = join(root, 'tarballs');
      mkdirSync(tarballs);
      const packed = [];
      for (const folder of ['core', 'provider-openai']) {
        packed.push(await pack(join(repositoryRoot, 'packages', folder), tarballs));
      }
      const sets: PackageSet[] = [
        {
          name: 'easel',
          install: packed,
          imports: ['@easel/core', '@easel/provider-openai'],
        },
        {
          name: 'aiSdk',
          install: [
            `ai@${installedVersion('ai')}`,
            `@ai-sdk/openai@${installedVersion('@ai-sdk/openai')}`,
          ],
          imports: ['ai', '@ai-sdk/openai'],
        },
      ];
      const sizes = new Map<string, { bytes: number; files: number; packages: number }>();
      for (const set of sets) {
        const directory = join(root, set.name);
        mkdirSync(directory);
        writeFileSync(
          join(directory, 'package.json'),
          JSON.stringify({
            name: `footprint-${set.name.toLowerCase()}`,
            private: true,
            type: 'module',
          }),
        );
        context.log(
          `  npm install ${set.install.map(item => (isAbsolute(item) ? basename(item) : item)).join(' ')}`,
        );
        await run(
          'npm',
          [
            'install',
            '--no-audit',
            '--no-fund',
            '--ignore-scripts',
            '--loglevel=error',
            ...set.install,
          ],
          { cwd: directory, maxBuffer: 16 * 1024 * 1024 },
        );
        const size = measureTree(join(directory, 'node_modules'));
        sizes.set(set.name, size);
        context.log(
          `  ${set.name.padEnd(6)} ${(size.bytes / 2 ** 20).toFixed(2)} MiB in ${size.packages} packages, ${size.files} files`,
        );
      }
      const importTimes = new Map<string, number[]>(sets.map(set => [set.name, []]));
      for (let repetition = 0; repetition < context.durations.importRepetitions; repetition += 1) {
        for (const set of repetition % 2 === 0 ? sets : [...sets].reverse()) {
          importTimes.get(set.name)!.push(await importTime(join(root, set.name), set.imports));
        }
      }
      for (const [name, times] of importTimes) {
        context.log(`  ${name.padEnd(6)} cold import median ${median(times)?.toFixed(1)} ms`);
      }
      return summarise(sizes, importTimes);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

async function pack(folder: string, destination: string): Promise<string> {
  const execPath = process.env.npm_execpath;
  const [command, prefix] =
    execPath?.includes('pnpm') === true
      ? [process.execPath, [execPath]]
      : ['npx', ['--yes', pnpmVersion]];
  const { stdout } = await run(command, [...prefix, 'pack', '--pack-destination', destination], {
    cwd: folder,
  });
  const tarball = stdout.trim().split('\n').at(-1);
  if (tarball === undefined || !tarball.endsWith('.tgz'))
    throw new Error(`pnpm pack printed ${stdout}`);
  return tarball;
}

function installedVersion(name: string): string {
  const require = createRequire(import.meta.url);
  return (
    JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }
  ).version;
}

/** Apparent size of every file under a folder, and how many packages it holds. */
function measureTree(folder: string): { bytes: number; files: number; packages: number } {
  let bytes = 0;
  let files = 0;
  let packages = 0;
  const visit = (directory: string, parents: readonly string[]) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (isPackageFolder(entry.name, parents)) packages += 1;
        visit(path, [...parents.slice(-1), entry.name]);
      } else if (entry.isFile()) {
        bytes += statSync(path).size;
        files += 1;
      }
    }
  };
  visit(folder, ['node_modules']);
  return { bytes, files, packages };
}

/** `node_modules/<name>` or `node_modules/@scope/<name>`, at any depth. */
function isPackageFolder(name: string, parents: readonly string[]): boolean {
  const parent = parents.at(-1);
  if (name.startsWith('.')) return false;
  if (parent === 'node_modules') return !name.startsWith('@');
  return parent?.startsWith('@') === true && parents.at(-2) === 'node_modules';
}

async function importTime(directory: string, imports: readonly string[]): Promise<number> {
  const script = [
    'const started = performance.now();',
    ...imports.map(specifier => `await import(${JSON.stringify(specifier)});`),
    'process.stdout.write(String(performance.now() - started));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: directory,
  });
  return Number(stdout);
}

function summarise(
  sizes: ReadonlyMap<string, { bytes: number; files: number; packages: number }>,
  importTimes: ReadonlyMap<string, readonly number[]>,
) {
  const mib = (name: string) => round((sizes.get(name)?.bytes ?? Number.NaN) / 2 ** 20, 4);
  const importMs = (name: string) => round(median(importTimes.get(name) ?? []), 4);
  const sizeGoal = atMost(0.35, '≤ 0.35× AI SDK', 'ratio');
  const importGoal = atMost(0.5, '≤ 0.5× AI SDK', 'ratio');
  const sizeRatio = round(ratio(mib('easel'), mib('aiSdk')), 3);
  const importRatio = round(ratio(importMs('easel'), importMs('aiSdk')), 3);
  const entries: ResultEntry[] = [
    {
      id: 'P8.size',
      scenario: 'P8',
      title,
      metric: 'installed size (npm install into an empty folder, node_modules)',
      unit: 'MiB',
      easel: mib('easel'),
      peers: { aiSdk: mib('aiSdk') },
      ratio: sizeRatio,
      ratioOf: 'Easel ÷ AI SDK',
      goal: sizeGoal,
      met: meets(sizeGoal, sizeRatio),
    },
    {
      id: 'P8.import',
      scenario: 'P8',
      title,
      metric: 'cold import time (fresh node process, median)',
      unit: 'ms',
      easel: importMs('easel'),
      peers: { aiSdk: importMs('aiSdk') },
      ratio: importRatio,
      ratioOf: 'Easel ÷ AI SDK',
      goal: importGoal,
      met: meets(importGoal, importRatio),
    },
  ];
  const measurements: Record<string, Record<string, number | null>> = {};
  for (const [name, size] of sizes) {
    measurements[name] = {
      installedMiB: mib(name),
      files: size.files,
      packages: size.packages,
      importMedianMs: importMs(name),
      importMinMs: round(Math.min(...(importTimes.get(name) ?? [])), 4),
      importRuns: importTimes.get(name)?.length ?? 0,
    };
  }
  return {
    entries,
    details: [
      {
        id: 'P8',
        title,
        settings: { installer: 'npm install --ignore-scripts' },
        measurements,
        notes: [],
      },
    ],
  };
}
