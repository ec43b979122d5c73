#!/usr/bin/env node
// publint and are-the-types-wrong on the tarball of every public package, packed the way it is
// published (`pnpm pack`, so `workspace:` ranges become real versions).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = name => join(root, 'node_modules', '.bin', name);
const pnpmSpec = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split(
  '+',
)[0];
// pnpm when this runs as a pnpm script; otherwise fetch the pinned version, as scripts/run.mjs does.
const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? [process.execPath, [process.env.npm_execpath]]
  : ['npx', ['--yes', pnpmSpec]];
const packagesDirectory = join(root, 'packages');
const packages = readdirSync(packagesDirectory)
  .map(name => join(packagesDirectory, name))
  .filter(directory => {
    try {
      return !JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')).private;
    } catch {
      return false;
    }
  });

const output = mkdtempSync(join(tmpdir(), 'easel-pack-'));
let failures = 0;
try {
  for (const directory of packages) {
    const { name } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    const packed = execFileSync(pnpm[0], [...pnpm[1], 'pack', '--pack-destination', output], {
      cwd: directory,
      encoding: 'utf8',
    });
    const tarball = packed.trim().split('\n').at(-1);
    console.log(`\n${name}: ${tarball.split('/').at(-1)}`);
    for (const [tool, args] of [
      ['publint', ['run', tarball, '--strict', '--level', 'warning']],
      ['attw', [tarball, '--profile', 'esm-only', '--format', 'table-flipped']],
    ]) {
      try {
        const report = execFileSync(bin(tool), args, {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        console.log(`  ${tool}: ok`);
        if (process.env.VERBOSE) console.log(report);
      } catch (error) {
        failures++;
        console.log(`  ${tool}: FAILED\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      }
    }
  }
} finally {
  rmSync(output, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`\n${failures} package check(s) failed.`);
  process.exit(1);
}
console.log(`\npublint and are-the-types-wrong pass on ${packages.length} packages.`);
