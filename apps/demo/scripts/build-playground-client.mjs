#!/usr/bin/env node
// Builds the playground's browser code into dist/playground/client/: tsc with the client's own
// tsconfig (DOM types, no Node types, so browser code cannot lean on Node by accident), then the
// static files beside it (styles, icon). Run by `npm run build`, and by the browser test when the
// build is older than the sources.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(packageRoot, 'src/playground/client');
const output = join(packageRoot, 'dist/playground/client');
const staticFile = /\.(css|svg)$/;

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(source, 'tsconfig.build.json')], {
  cwd: packageRoot,
  stdio: 'inherit',
});
mkdirSync(output, { recursive: true });
for (const name of readdirSync(source)) {
  if (staticFile.test(name)) copyFileSync(join(source, name), join(output, name));
}
