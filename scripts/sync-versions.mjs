#!/usr/bin/env node
// After `changeset version`, write each public package's version into its `src/version.ts`, so
// the User-Agent (`easel/<package>/<version>`) never drifts from package.json. A test in each
// package checks that they agree.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const name of readdirSync(join(root, 'packages'))) {
  const directory = join(root, 'packages', name);
  const versionFile = join(directory, 'src', 'version.ts');
  if (!existsSync(versionFile)) continue;
  const { version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  const source = readFileSync(versionFile, 'utf8');
  const updated = source.replace(
    /export const VERSION = '[^']*';/,
    `export const VERSION = '${version}';`,
  );
  if (updated !== source) {
    writeFileSync(versionFile, updated);
    console.log(`${name}: VERSION = ${version}`);
  }
}
