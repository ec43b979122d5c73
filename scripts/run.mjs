#!/usr/bin/env node
// The README's two commands go through this file, so they work on a machine with only Node and
// npm: it brings pnpm itself (`npx pnpm@<packageManager version>`, because corepack may refuse to
// run), installs the workspace, then runs the task.
//
//   npm test    install, build, typecheck, lint, layout and changeset checks, every test,
//               publint + are-the-types-wrong, pack-and-install in a fresh npm project
//   npm start   install, build, then `easel serve` from the built demo (apps/demo): the gateway
//               and its playground, every provider without a key on its local simulator
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Easel needs Node.js >= 20.19; this is ${process.version}.`);
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmSpec = manifest.packageManager.split('+')[0];
const environment = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
};

function run(label, command, args) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: environment,
    shell: process.platform === 'win32',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { label, ok: result.status === 0, seconds, status: result.status ?? 1 };
}

function pnpm(label, args) {
  return run(label, 'npx', ['--yes', pnpmSpec, ...args]);
}

function summarise(results) {
  console.log('\nSummary');
  for (const result of results)
    console.log(`  ${result.ok ? 'pass' : 'FAIL'}  ${result.label} (${result.seconds} s)`);
  const failed = results.filter(result => !result.ok);
  console.log(failed.length === 0 ? '\nAll checks passed.' : `\n${failed.length} check(s) failed.`);
  return failed.length === 0 ? 0 : 1;
}

const task = process.argv[2];
const install = pnpm('install dependencies', ['install', '--frozen-lockfile']);
if (!install.ok) process.exit(summarise([install]));

if (task === 'test') {
  const results = [install];
  const build = pnpm('build packages', ['exec', 'turbo', 'run', 'build', '--concurrency=2']);
  results.push(build);
  if (build.ok) {
    results.push(pnpm('typecheck', ['exec', 'turbo', 'run', 'typecheck', '--concurrency=2']));
    results.push(
      pnpm('lint and format (biome)', ['exec', 'biome', 'ci', '--error-on-warnings', '.']),
    );
    results.push(
      run('provider layout', process.execPath, [join(root, 'scripts/check-provider-layout.mjs')]),
    );
    results.push(
      run('changesets (published changes carry one)', process.execPath, [
        join(root, 'scripts/check-changesets.mjs'),
      ]),
    );
    results.push(
      pnpm('tests (vitest, every package)', ['exec', 'turbo', 'run', 'test', '--concurrency=1']),
    );
    results.push(pnpm('package checks (publint, are-the-types-wrong)', ['run', 'check:packages']));
    results.push(
      run('pack and install (tarballs in a fresh npm project)', process.execPath, [
        join(root, 'scripts/pack-and-install.mjs'),
      ]),
    );
  }
  process.exit(summarise(results));
} else if (task === 'start') {
  const build = pnpm('build packages', ['exec', 'turbo', 'run', 'build', '--concurrency=2']);
  if (!build.ok) process.exit(summarise([install, build]));
  console.log('\n▶ start the demo (easel serve)\n');
  const flags = process.argv.slice(3);
  if (flags[0] === '--') flags.shift();
  const demo = spawn(process.execPath, [join(root, 'apps/demo/dist/cli.js'), 'serve', ...flags], {
    cwd: root,
    stdio: 'inherit',
    env: environment,
  });
  // The demo shuts down gracefully on SIGINT/SIGTERM: pass them on (a terminal's Ctrl+C reaches
  // it directly too; it ignores repeats), and leave when it has stopped.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => demo.kill(signal));
  demo.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 130)));
} else {
  console.error('usage: node scripts/run.mjs test|start');
  process.exit(2);
}
