#!/usr/bin/env node
// Start a provider package: copies the template, examples/third-party-provider (a complete,
// tested provider of a made-up service "acme"), into packages/provider-<id>, renaming
// acme/Acme/ACME to the new id everywhere (file names included), so the new package has the
// layout scripts/check-provider-layout.mjs enforces, passes the conformance suite against its
// own simulator, and is ready to be rewritten for the real service. Also writes the changeset
// of its first release and registers it with the README checks (tools/repo-checks).
//
//   node scripts/new-provider.mjs <id> [--name "Display Name"] [--root <repository>]
//
// <id> is the provider id, the default export's name and the file prefix: lower-case letters
// and digits, starting with a letter (e.g. `nimbus`).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const template = join(here, 'examples', 'third-party-provider');

function option(name) {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const id = process.argv[2];
if (!id || !/^[a-z][a-z0-9]*$/.test(id) || id === 'acme') {
  console.error(
    'usage: node scripts/new-provider.mjs <id> [--name "Display Name"] [--root <repository>]\n' +
      '  <id>: lower-case letters and digits, starting with a letter (it names the default export)',
  );
  process.exit(2);
}
const pascal = id[0].toUpperCase() + id.slice(1);
const displayName = option('--name') ?? pascal;
const root = resolve(option('--root') ?? here);
const packageName = `@easel/provider-${id}`;
const target = join(root, 'packages', `provider-${id}`);
if (existsSync(target)) {
  console.error(`${relative(process.cwd(), target) || target} exists already`);
  process.exit(1);
}

/** Files of the template that are about the example itself, not about a provider. */
const skipped = new Set([
  'node_modules',
  'dist',
  '.turbo',
  'coverage',
  'README.md',
  'CHANGELOG.md',
]);
const exampleOnly = /-hub\.test\.ts$/;

function rename(text) {
  return text
    .replaceAll('@easel/example-acme', packageName)
    .replaceAll('example-acme', `provider-${id}`)
    .replaceAll('ACME', id.toUpperCase())
    .replaceAll('Acme', pascal)
    .replaceAll('acme', id);
}

function copy(from, to) {
  for (const name of readdirSync(from)) {
    if (skipped.has(name) || exampleOnly.test(name)) continue;
    const source = join(from, name);
    const destination = join(to, rename(name));
    if (statSync(source).isDirectory()) {
      mkdirSync(destination, { recursive: true });
      copy(source, destination);
    } else {
      writeFileSync(destination, rename(readFileSync(source, 'utf8')));
    }
  }
}

mkdirSync(target, { recursive: true });
try {
  copy(template, target);

  const manifest = JSON.parse(readFileSync(join(template, 'package.json'), 'utf8'));
  const { private: _private, devDependencies = {}, ...rest } = manifest;
  // The hub and gateway test (acme-hub.test.ts) is about the example; a provider needs neither.
  const {
    '@easel/provider-openai': _openai,
    '@easel/gateway': _gateway,
    ...providerDevDependencies
  } = devDependencies;
  const generated = {
    ...rest,
    name: packageName,
    version: '0.0.0',
    description: `${displayName} image models for Easel.`,
    keywords: ['image-generation', 'easel', id],
    publishConfig: { access: 'public', provenance: true },
    devDependencies: providerDevDependencies,
  };
  // Keep the usual key order: publishConfig after engines.
  const ordered = {};
  for (const [key, value] of Object.entries(generated)) {
    if (key === 'publishConfig') continue;
    ordered[key] = value;
    if (key === 'engines') ordered.publishConfig = generated.publishConfig;
  }
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(ordered, null, 2)}\n`);

  const readme = rename(readFileSync(join(template, 'README.md'), 'utf8'));
  const body = readme.slice(readme.indexOf('\n## '));
  writeFileSync(
    join(target, 'README.md'),
    `# ${packageName}

${displayName} for Easel. Generated from \`examples/third-party-provider\`: replace its made-up
protocol with ${displayName}'s real one — \`src/${id}-api.ts\` (endpoints, response and error
schemas), \`src/${id}-options.ts\` (capabilities and input), \`src/${id}-image-model.ts\` (the mapping),
\`src/__fixtures__/${id}-simulator.ts\` (written from ${displayName}'s spec) — and this README.

\`\`\`sh
npm install @easel/core ${packageName}
\`\`\`
${body
  .split('\n')
  .filter(line => !/-hub\.test\.ts/.test(line))
  .join('\n')}`,
  );
  writeFileSync(join(target, 'CHANGELOG.md'), `# ${packageName}\n`);

  const changesets = join(root, '.changeset');
  mkdirSync(changesets, { recursive: true });
  writeFileSync(
    join(changesets, `provider-${id}-first-release.md`),
    `---\n"${packageName}": minor\n---\n\nfeat(provider-${id}): first release: ${displayName} for Easel.\n`,
  );

  // The README checks cover every package; they import it through tools/repo-checks.
  const checksManifestPath = join(root, 'tools', 'repo-checks', 'package.json');
  if (existsSync(checksManifestPath)) {
    const checks = JSON.parse(readFileSync(checksManifestPath, 'utf8'));
    checks.devDependencies = Object.fromEntries(
      Object.entries({ ...checks.devDependencies, [packageName]: 'workspace:*' }).sort(([a], [b]) =>
        a.localeCompare(b),
      ),
    );
    writeFileSync(checksManifestPath, `${JSON.stringify(checks, null, 2)}\n`);
  }
} catch (error) {
  rmSync(target, { recursive: true, force: true });
  throw error;
}

const shown = relative(process.cwd(), target) || target;
console.log(`Created ${packageName} in ${shown}, with .changeset/provider-${id}-first-release.md.

Next:
  npx pnpm@10 install
  npx pnpm@10 --filter ${packageName} test        the conformance suite against its simulator
  node scripts/check-provider-layout.mjs
Then make it ${displayName}'s: src/${id}-api.ts, src/${id}-options.ts, src/${id}-image-model.ts,
src/__fixtures__/${id}-simulator.ts, README.md (its Input and Settings tables are checked against
the schemas and the settings type), and list it in the root README.`);
