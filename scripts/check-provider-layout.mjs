#!/usr/bin/env node
// Every provider package has the same file names and the same public surface, so a reader who
// knows one knows all (STYLE.md §3), and none imports another provider, the gateway or testkit
// at run time (ARCHITECTURE.md: arrows point one way).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// `--root <directory>` checks another checkout (the generator's test uses a temporary one).
const rootArgument = process.argv.indexOf('--root');
const root =
  rootArgument > 0
    ? resolve(process.argv[rootArgument + 1])
    : join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = readdirSync(join(root, 'packages')).filter(name => name.startsWith('provider-'));
const problems = [];

for (const name of packages) {
  const id = name.slice('provider-'.length);
  const directory = join(root, 'packages', name);
  const source = join(directory, 'src');
  for (const file of [
    'README.md',
    'CHANGELOG.md',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'vitest.config.ts',
  ]) {
    if (!existsSync(join(directory, file))) problems.push(`${name}: missing ${file}`);
  }
  for (const file of [
    'index.ts',
    `${id}-provider.ts`,
    `${id}-image-model.ts`,
    `${id}-options.ts`,
    `${id}-api.ts`,
    'version.ts',
    'version.test.ts',
  ]) {
    if (!existsSync(join(source, file))) problems.push(`${name}: missing src/${file}`);
  }
  for (const file of [`${id}-provider.ts`, `${id}-image-model.ts`]) {
    if (!existsSync(join(source, file.replace('.ts', '.test.ts'))))
      problems.push(`${name}: missing src/${file.replace('.ts', '.test.ts')} beside src/${file}`);
  }
  const index = existsSync(join(source, 'index.ts'))
    ? readFileSync(join(source, 'index.ts'), 'utf8')
    : '';
  const factory = /\bcreate([A-Z]\w*)\b/.exec(index)?.[1];
  if (!factory) problems.push(`${name}: src/index.ts must export create<Provider>`);
  const exported = new Set(
    [...index.matchAll(/export\s*{([^}]*)}/g)].flatMap(match =>
      match[1]
        .split(',')
        .map(entry =>
          entry
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)
            .at(-1),
        )
        .filter(Boolean),
    ),
  );
  for (const required of [
    `create${factory}`,
    `${factory}Provider`,
    `${factory}ProviderSettings`,
    id,
    'VERSION',
  ]) {
    if (factory && !exported.has(required))
      problems.push(`${name}: src/index.ts must export ${required}`);
  }
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (manifest.name !== `@easel/${name}`)
    problems.push(`${name}: package name must be @easel/${name}`);
  if (manifest.type !== 'module' || manifest.sideEffects !== false)
    problems.push(`${name}: must be "type": "module" with "sideEffects": false`);
  if (Object.keys(manifest.exports?.['.'] ?? {})[0] !== 'types')
    problems.push(`${name}: exports["."] must list "types" first`);
  for (const file of readdirSync(source, { recursive: true })) {
    const path = String(file);
    if (!path.endsWith('.ts') || path.includes('.test.') || path.includes('__fixtures__')) continue;
    const text = readFileSync(join(source, path), 'utf8');
    for (const match of text.matchAll(/from '(@easel\/[\w-]+)/g)) {
      const imported = match[1];
      if (imported === '@easel/core') continue;
      problems.push(
        `${name}: src/${path} imports ${imported}; providers depend on @easel/core only`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`Provider layout check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Provider layout: ${packages.length} packages (${packages.join(', ')}) follow the shared layout.`,
);
