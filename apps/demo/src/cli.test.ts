// End to end: the built bin (`dist/cli.js`, as `npm start` and `npx easel` run it) in a child
// process, with real signals. Rebuilt first when dist/ is missing or older than the sources, so a
// plain `npx vitest run` never tests stale code.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readImageMetadata } from '@easel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = join(import.meta.dirname, '..');
const bin = join(packageRoot, 'dist', 'cli.js');
let cwd: string;

async function newestSource(directory: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.includes('.test')) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'easel-e2e-'));
  const built = await stat(bin).then(
    info => info.mtimeMs,
    () => 0,
  );
  if (built < (await newestSource(join(packageRoot, 'src')))) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: packageRoot,
    });
  }
}, 120_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Only what the bin needs: no provider keys from the machine running the tests. */
const env = { PATH: process.env.PATH ?? '', EASEL_SANDBOX: '1', EASEL_LOG_LEVEL: 'silent' };

describe('the easel bin', () => {
  it('starts with a node shebang', async () => {
    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('generates images in a child process and prints one JSON document', async () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'generate',
        '-m',
        'stability/Stable-Diffusion-3-5-Large',
        'a deer',
        '-n',
        '2',
        '--json',
      ],
      { cwd, env },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.images).toHaveLength(2);
    for (const image of document.images) {
      expect(image.path.startsWith(join(cwd, 'out'))).toBe(true);
      expect(readImageMetadata(await readFile(image.path))?.mediaType).toBe(image.mediaType);
    }
  });

  it('serves until SIGTERM, then shuts down and exits 0', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd, env });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.on('exit', code => reject(new Error(`serve exited with ${code}`)));
      child.stdout.on('data', chunk => {
        stdout += chunk;
        const match = stdout.match(/Playground +(http:\/\/[^/\s]+)\//);
        if (match && stdout.includes('Press Ctrl+C')) resolve(match[1]!);
      });
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
