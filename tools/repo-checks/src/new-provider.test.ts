import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImageProviderV1 } from '@easel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeModels, repositoryRoot } from './documented-packages.js';
import { tableUnder } from './markdown.js';
import { checkOptionsTable } from './options-table.js';

// scripts/new-provider.mjs generates a provider into a temporary repository (the root config
// files, and node_modules linked to this package's), which then passes the layout check,
// type-checks and passes its own tests, the conformance suite included.

let root: string;
let generated: string;
let output: string;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      FORCE_COLOR: '0',
      NO_COLOR: '1',
      // vitest's type tests spawn `tsc`.
      PATH: `${join(repositoryRoot, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'easel-new-provider-'));
  for (const file of ['tsconfig.base.json', 'vitest.shared.ts'])
    copyFileSync(join(repositoryRoot, file), join(root, file));
  writeFileSync(join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  symlinkSync(
    join(repositoryRoot, 'tools', 'repo-checks', 'node_modules'),
    join(root, 'node_modules'),
    'junction',
  );
  const result = run(
    process.execPath,
    [
      join(repositoryRoot, 'scripts', 'new-provider.mjs'),
      'nimbus',
      '--name',
      'Nimbus Images',
      '--root',
      root,
    ],
    repositoryRoot,
  );
  output = result.output;
  expect(result.status, output).toBe(0);
  generated = join(root, 'packages', 'provider-nimbus');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(directory: string, prefix = ''): string[] {
  return readdirSync(join(directory, prefix), { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? files(directory, `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('scripts/new-provider.mjs', () => {
  it('copies the template with every acme renamed, and the first-release changeset', () => {
    expect(files(generated).sort()).toEqual([
      'CHANGELOG.md',
      'README.md',
      'package.json',
      'src/__fixtures__/nimbus-simulator.ts',
      'src/index.ts',
      'src/nimbus-api.ts',
      'src/nimbus-image-model.test.ts',
      'src/nimbus-image-model.ts',
      'src/nimbus-options.ts',
      'src/nimbus-provider.test-d.ts',
      'src/nimbus-provider.test.ts',
      'src/nimbus-provider.ts',
      'src/nimbus.conformance.test.ts',
      'src/version.test.ts',
      'src/version.ts',
      'tsconfig.build.json',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
    for (const file of files(generated))
      expect(readFileSync(join(generated, file), 'utf8'), file).not.toMatch(/acme/i);
    const manifest = JSON.parse(readFileSync(join(generated, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@easel/provider-nimbus',
      version: '0.0.0',
      publishConfig: { access: 'public', provenance: true },
      dependencies: { '@easel/core': 'workspace:^' },
    });
    expect(manifest.private).toBeUndefined();
    expect(readFileSync(join(generated, 'README.md'), 'utf8')).toContain(
      'npm install @easel/core @easel/provider-nimbus',
    );
    expect(readFileSync(join(root, '.changeset', 'provider-nimbus-first-release.md'), 'utf8')).toBe(
      '---\n"@easel/provider-nimbus": minor\n---\n\nfeat(provider-nimbus): first release: Nimbus Images for Easel.\n',
    );
    expect(
      run(
        process.execPath,
        [join(repositoryRoot, 'scripts', 'new-provider.mjs'), 'nimbus', '--root', root],
        root,
      ).status,
    ).toBe(1);
    expect(
      run(
        process.execPath,
        [join(repositoryRoot, 'scripts', 'new-provider.mjs'), 'Bad-Id', '--root', root],
        root,
      ).status,
    ).toBe(2);
  });

  it('passes the provider layout check', () => {
    const result = run(
      process.execPath,
      [join(repositoryRoot, 'scripts', 'check-provider-layout.mjs'), '--root', root],
      root,
    );
    expect(result.output).toContain('1 packages (provider-nimbus) follow the shared layout');
    expect(result.status).toBe(0);
  });

  it('type-checks (tsc --noEmit, the package tsconfig)', () => {
    const result = run(
      process.execPath,
      [
        join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '-p',
        'tsconfig.json',
        '--customConditions',
        'easel-source',
      ],
      generated,
    );
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('has a README whose Input table agrees with its schemas', async () => {
    const module = (await import(pathToFileURL(join(generated, 'src', 'index.ts')).href)) as {
      createNimbus: () => ImageProviderV1<object>;
    };
    const markdown = readFileSync(join(generated, 'README.md'), 'utf8');
    const table = tableUnder(markdown, 'Input');
    if (!table) throw new Error('no Input table');
    expect(
      checkOptionsTable({
        table,
        models: describeModels(module.createNimbus()),
        document: markdown,
      }),
    ).toEqual([]);
  });

  it('passes its own tests: the conformance suite against its simulator', () => {
    const result = run(
      process.execPath,
      [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--typecheck.enabled=false'],
      generated,
    );
    expect(result.output).toMatch(/Test Files\s+4 passed/);
    expect(result.output).toMatch(/Tests\s+\d+ passed/);
    expect(result.status, result.output).toBe(0);
  });
});
