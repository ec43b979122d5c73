#!/usr/bin/env node
// Release readiness: install the packages the way a user gets them. Packs every public package
// (`pnpm pack`, as published), checks that no `workspace:` range survives and that internal ranges
// point at the packed versions, then, in a fresh project outside the workspace, `npm install`s
// @easel/core + @easel/provider-openai from the tarballs (third-party dependencies from the
// registry) and reports their installed size, adds @easel/testkit and typescript, generates
// images against the OpenAI wire simulator from a plain `.mjs` script and type-checks a
// TypeScript example against the packed types with `tsc --noEmit`.
//
//   node scripts/pack-and-install.mjs            (part of `npm test`; needs the npm registry)
//   node scripts/pack-and-install.mjs --keep     keeps the temporary project for a look
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmSpec = rootManifest.packageManager.split('+')[0];
const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? [process.execPath, [process.env.npm_execpath]]
  : ['npx', ['--yes', pnpmSpec]];
const windows = process.platform === 'win32';
const started = Date.now();
const keep = process.argv.includes('--keep');

/** The packages the consumer project installs; the first two are measured. */
const measured = ['@easel/core', '@easel/provider-openai'];
const consumerPackages = [...measured, '@easel/testkit'];

function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: windows,
      ...options,
    });
  } catch (error) {
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${error.status}):\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
}

function fail(message) {
  throw new Error(message);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Every file an `exports` map points at, for "is this package built?". */
function exportTargets(manifest) {
  const targets = [];
  const visit = value => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object')
      for (const entry of Object.values(value)) visit(entry);
  };
  visit(manifest.exports);
  return targets.filter(target => target.startsWith('./dist/'));
}

function directorySize(directory) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    bytes += lstatSync(path).size;
    files++;
  }
  return { bytes, files };
}

const formatBytes = bytes =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(2)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;

// 1. Pack every public, built package.
const packagesDirectory = join(root, 'packages');
const publicPackages = readdirSync(packagesDirectory)
  .map(name => join(packagesDirectory, name))
  .filter(directory => existsSync(join(directory, 'package.json')))
  .map(directory => ({ directory, manifest: readJson(join(directory, 'package.json')) }))
  .filter(({ manifest }) => !manifest.private);

const work = mkdtempSync(join(tmpdir(), 'easel-consumer-'));
const tarballDirectory = join(work, 'tarballs');
const project = join(work, 'project');
mkdirSync(tarballDirectory);
mkdirSync(project);

try {
  const tarballs = new Map();
  const packedManifests = new Map();
  for (const { directory, manifest } of publicPackages) {
    const missing = exportTargets(manifest).filter(target => !existsSync(join(directory, target)));
    if (missing.length > 0) {
      if (consumerPackages.includes(manifest.name))
        fail(`${manifest.name} is not built (missing ${missing.join(', ')}); run the build first`);
      console.log(`  ${manifest.name}: not built (missing ${missing[0]}), not packed`);
      continue;
    }
    const output = run(pnpm[0], [...pnpm[1], 'pack', '--pack-destination', tarballDirectory], {
      cwd: directory,
    });
    const tarball = output.trim().split('\n').at(-1).trim();
    tarballs.set(manifest.name, tarball);
    packedManifests.set(
      manifest.name,
      JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: tarballDirectory })),
    );
  }

  // 2. The packed manifests: `workspace:` rewritten to the versions that were packed.
  const problems = [];
  for (const [name, manifest] of packedManifests) {
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
        if (range.startsWith('workspace:'))
          problems.push(`${name}: ${field}.${dependency} is still ${range}`);
        const internal = packedManifests.get(dependency);
        if (internal && range.replace(/^[\^~]/, '') !== internal.version)
          problems.push(
            `${name}: ${field}.${dependency} is ${range}, but ${dependency} was packed at ${internal.version}`,
          );
      }
    }
    if (JSON.stringify(manifest).includes('workspace:'))
      problems.push(`${name}: the packed package.json still mentions workspace:`);
    if (!manifest.publishConfig?.provenance || manifest.publishConfig?.access !== 'public')
      problems.push(`${name}: publishConfig must set access public and provenance true`);
  }
  if (problems.length > 0) fail(problems.join('\n'));
  console.log(
    `Packed ${packedManifests.size} packages; internal ranges rewritten: ${[...packedManifests]
      .flatMap(([name, manifest]) =>
        Object.entries(manifest.dependencies ?? {})
          .filter(([dependency]) => packedManifests.has(dependency))
          .map(([dependency, range]) => `${name} → ${dependency}@${range}`),
      )
      .join(', ')}`,
  );

  // 3. A fresh project outside the workspace: core + one provider first, measured.
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'easel-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  const npmInstall = specs =>
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], {
      cwd: project,
    });
  const installStarted = Date.now();
  npmInstall(measured.map(name => tarballs.get(name)));
  const modules = join(project, 'node_modules');
  const footprint = directorySize(modules);
  const installed = Object.entries(readJson(join(modules, '.package-lock.json')).packages)
    .filter(([path]) => path.startsWith('node_modules/'))
    .map(([path, entry]) => ({
      name: path.slice(path.lastIndexOf('node_modules/') + 13),
      path,
      ...entry,
    }));
  const byPackage = installed
    .map(entry => ({ ...entry, ...directorySize(join(project, entry.path)) }))
    .sort((left, right) => right.bytes - left.bytes);
  console.log(
    `\nInstalled size of ${measured.join(' + ')} (npm install from the tarballs, outside the workspace): ${formatBytes(footprint.bytes)} in ${footprint.files} files, ${installed.length} packages (${((Date.now() - installStarted) / 1000).toFixed(1)} s)`,
  );
  for (const entry of byPackage)
    console.log(`  ${formatBytes(entry.bytes).padStart(11)}  ${entry.name}@${entry.version}`);

  // Each @easel package came from its tarball, exactly once (a registry copy would mean a range
  // that the packed version does not satisfy).
  const checkInstalled = expected => {
    const lock = readJson(join(modules, '.package-lock.json')).packages;
    for (const name of expected) {
      const copies = Object.entries(lock).filter(([path]) => path.endsWith(`node_modules/${name}`));
      if (copies.length !== 1)
        fail(
          `${name} is installed ${copies.length} times: ${copies.map(([path]) => path).join(', ')}`,
        );
      const [path, entry] = copies[0];
      if (path !== `node_modules/${name}` || !String(entry.resolved).startsWith('file:'))
        fail(`${name} did not come from its tarball: ${path} resolved from ${entry.resolved}`);
    }
  };
  checkInstalled(measured);

  // 4. Add testkit (the simulator) and typescript, then run and type-check.
  const typescriptVersion = rootManifest.devDependencies.typescript;
  const nodeTypesVersion = rootManifest.devDependencies['@types/node'];
  npmInstall([
    tarballs.get('@easel/testkit'),
    `typescript@${typescriptVersion}`,
    `@types/node@${nodeTypesVersion}`,
  ]);
  checkInstalled(consumerPackages);
  // vitest is an optional peer of the testkit: only @easel/testkit/vitest needs it.
  if (existsSync(join(modules, 'vitest')))
    fail('installing @easel/testkit pulled in vitest; its peer dependency must stay optional');

  writeFileSync(
    join(project, 'generate.mjs'),
    `import { ContentFilteredError, createEasel, InvalidInputError } from '@easel/core';
import { createOpenAI } from '@easel/provider-openai';
import { openaiTestPrompts, startOpenAISimulator } from '@easel/testkit/openai';

const simulator = await startOpenAISimulator({ apiKey: 'sk-consumer-test' });
try {
  const easel = createEasel({
    providers: [
      createOpenAI({
        apiKey: 'sk-consumer-test',
        baseURL: \`\${simulator.url}/v1\`,
        downloads: { allowlist: [simulator.url] },
      }),
    ],
  });
  const result = await easel.generate('opanai/gpt-image-1', {
    prompt: 'a deer drinking in the lake',
    n: 2,
    size: '1024x1024',
    quality: 'low',
  });
  const dalle = await easel.generate('dall-e-3', { prompt: 'a watercolor fox', size: '1024x1024' });
  const images = [...result.images, ...dalle.images];
  const png = [0x89, 0x50, 0x4e, 0x47];
  for (const image of images) {
    if (image.mediaType !== 'image/png' || !png.every((byte, index) => image.bytes[index] === byte))
      throw new Error(\`not a PNG: \${image.mediaType}\`);
    if (image.width !== 1024 || image.height !== 1024)
      throw new Error(\`unexpected size \${image.width}x\${image.height}\`);
  }
  let invalid;
  try {
    await easel.generate('gpt-image-1', { prompt: 'x', quality: 'ultra' });
  } catch (error) {
    invalid = error;
  }
  if (!InvalidInputError.isInstance(invalid)) throw new Error(\`expected InvalidInputError, got \${invalid}\`);
  let filtered;
  try {
    await easel.generate('gpt-image-1', { prompt: openaiTestPrompts.moderationBlocked });
  } catch (error) {
    filtered = error;
  }
  if (!ContentFilteredError.isInstance(filtered)) throw new Error(\`expected ContentFilteredError, got \${filtered}\`);
  console.log(
    \`generated \${images.length} images (\${images.map(image => \`\${image.width}x\${image.height} \${image.byteLength} B\`).join(', ')}); typed errors: \${invalid.code}, \${filtered.code}\`,
  );
} finally {
  await simulator.close();
}
`,
  );
  console.log(
    `\nnode generate.mjs: ${run(process.execPath, ['generate.mjs'], { cwd: project }).trim()}`,
  );

  writeFileSync(
    join(project, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: false,
          noEmit: true,
        },
        include: ['example.ts'],
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(project, 'example.ts'),
    `import {
  createEasel,
  type GenerateResult,
  type ImageModelV1Warning,
  InvalidInputError,
} from '@easel/core';
import { createOpenAI, type OpenAIProviderSettings } from '@easel/provider-openai';
import { startOpenAISimulator } from '@easel/testkit/openai';

const simulator = await startOpenAISimulator();
const settings: OpenAIProviderSettings = { apiKey: 'sk-test', baseURL: \`\${simulator.url}/v1\` };
const easel = createEasel({ providers: [createOpenAI(settings)] });

const result: GenerateResult = await easel.generate('gpt-image-1', {
  prompt: 'a lighthouse at dusk',
  quality: 'high',
  background: 'transparent',
  output_format: 'webp',
});
const bytes: Uint8Array = result.images[0]!.bytes;
const warnings: readonly ImageModelV1Warning[] = result.warnings;

// The input type follows the model path: an unknown quality is a compile error.
// @ts-expect-error quality is low | medium | high | auto on gpt-image-1
await easel.generate('gpt-image-1', { prompt: 'x', quality: 'ultra' });

try {
  await easel.generate('dall-e-3', { prompt: 'x', style: 'natural' });
} catch (error) {
  if (InvalidInputError.isInstance(error)) console.log(error.issues.map(issue => issue.path));
}
console.log(bytes.byteLength, warnings.length);
await simulator.close();
`,
  );
  run(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: project,
  });
  console.log(
    `tsc --noEmit (typescript ${typescriptVersion}, strict, skipLibCheck false): example.ts type-checks against the packed types`,
  );
  console.log(
    `\npack-and-install: ok (${((Date.now() - started) / 1000).toFixed(1)} s${
      keep ? `; consumer project kept at ${project}` : ''
    })`,
  );
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\npack-and-install: FAILED\n  ${message.replaceAll('\n', '\n  ')}`);
  process.exitCode = 1;
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
