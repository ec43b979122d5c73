import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './documented-packages.js';

// scripts/check-changesets.mjs in a throwaway git repository shaped like this one: a public
// package, a private one, the changesets config.

const script = join(repositoryRoot, 'scripts', 'check-changesets.mjs');
let repository: string;

const gitEnvironment: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Easel Tests',
  GIT_AUTHOR_EMAIL: 'tests@easel.invalid',
  GIT_COMMITTER_NAME: 'Easel Tests',
  GIT_COMMITTER_EMAIL: 'tests@easel.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repository,
    encoding: 'utf8',
    env: gitEnvironment,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function write(path: string, content: string): void {
  mkdirSync(dirname(join(repository, path)), { recursive: true });
  writeFileSync(join(repository, path), content);
}

function manifest(name: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ name, version: '0.0.0', type: 'module', ...extra }, null, 2)}\n`;
}

function check(base?: string): { status: number | null; output: string } {
  const { CHANGESET_BASE: _ignored, ...environment } = gitEnvironment;
  const result = spawnSync(process.execPath, [script, '--root', repository], {
    cwd: repository,
    encoding: 'utf8',
    env: base === undefined ? environment : { ...environment, CHANGESET_BASE: base },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function changeset(name: string, frontmatter: string): void {
  write(`.changeset/${name}.md`, `---\n${frontmatter}\n---\n\nfix: something\n`);
}

beforeAll(() => {
  repository = mkdtempSync(join(tmpdir(), 'easel-changesets-'));
  git('init', '--quiet', '--initial-branch=main');
  write('package.json', manifest('root', { private: true }));
  write('.changeset/config.json', '{ "baseBranch": "main", "access": "public" }\n');
  write('.changeset/README.md', '# Changesets\n');
  write('packages/core/package.json', manifest('@easel/core', { dependencies: { zod: '^4' } }));
  write('packages/core/src/index.ts', 'export const a = 1;\n');
  write('packages/core/src/index.test.ts', '// test\n');
  write('packages/core/README.md', '# core\n');
  write('packages/core/CHANGELOG.md', '# @easel/core\n');
  write('packages/internal/package.json', manifest('@easel/internal', { private: true }));
  write('packages/internal/src/index.ts', 'export const b = 1;\n');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'initial');
});
afterAll(() => rmSync(repository, { recursive: true, force: true }));

describe('check-changesets', () => {
  it('is skipped with a notice on main when there is no base to compare against', () => {
    write('packages/core/src/index.ts', 'export const a = 2;\n');
    const result = check();
    expect(result.status).toBe(0);
    expect(result.output).toContain('changeset check skipped: on main with no base');
    git('checkout', '--quiet', '--', '.');
  });

  it('passes on a branch that changes only tests, docs and private packages', () => {
    git('checkout', '--quiet', '-b', 'feature');
    write('packages/core/src/index.test.ts', '// more tests\n');
    write('packages/core/src/__fixtures__/body.json', '{}\n');
    write('packages/core/README.md', '# core, documented\n');
    write('packages/internal/src/index.ts', 'export const b = 2;\n');
    write(
      'packages/core/package.json',
      manifest('@easel/core', { dependencies: { zod: '^4' }, devDependencies: { vitest: '^4' } }),
    );
    const result = check();
    expect(result.output).toContain('Changesets since the merge base with main');
    expect(result.output).toContain('no published package changed');
    expect(result.status).toBe(0);
  });

  it('fails when published source changes without a changeset, committed or not', () => {
    write('packages/core/src/index.ts', 'export const a = 3;\n');
    const uncommitted = check();
    expect(uncommitted.status).toBe(1);
    expect(uncommitted.output).toContain('MISSING  @easel/core: packages/core/src/index.ts');
    expect(uncommitted.output).toContain('@easel/core changed without a changeset');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'change core');
    expect(check().status).toBe(1);
  });

  it('fails when a dependency of a public package changes without a changeset', () => {
    const result = check('HEAD');
    expect(result.status).toBe(0);
    write(
      'packages/core/package.json',
      manifest('@easel/core', { dependencies: { zod: '^4', undici: '^7' } }),
    );
    const changed = check('HEAD');
    expect(changed.status).toBe(1);
    expect(changed.output).toContain('MISSING  @easel/core: packages/core/package.json');
    git('checkout', '--quiet', '--', 'packages/core/package.json');
  });

  it('passes once a changeset names the package, and rejects changesets naming unknown or private packages', () => {
    changeset('brave-fox', '"@easel/core": patch');
    const covered = check();
    expect(covered.status).toBe(0);
    expect(covered.output).toContain('ok       @easel/core: .changeset/brave-fox.md');
    changeset('odd-owl', '"@easel/internal": patch\n"@easel/cor": minor');
    const wrong = check();
    expect(wrong.status).toBe(1);
    expect(wrong.output).toContain(
      'names @easel/internal, a private package that is never released',
    );
    expect(wrong.output).toContain('names @easel/cor, which is no package here');
    unlinkSync(join(repository, '.changeset/odd-owl.md'));
  });

  it('accepts the release commit, where changeset version consumed the changesets', () => {
    git('add', '-A');
    git('commit', '--quiet', '-m', 'changeset');
    git('checkout', '--quiet', '-b', 'release');
    unlinkSync(join(repository, '.changeset/brave-fox.md'));
    write(
      'packages/core/CHANGELOG.md',
      '# @easel/core\n\n## 0.0.1\n\n### Patch Changes\n\n- fix\n',
    );
    write(
      'packages/core/package.json',
      manifest('@easel/core', {
        version: '0.0.1',
        dependencies: { zod: '^4' },
        devDependencies: { vitest: '^4' },
      }),
    );
    const result = check();
    expect(result.status).toBe(0);
    expect(result.output).toContain('ok       @easel/core: versioned (0.0.0 → 0.0.1)');
  });

  it('compares with origin/main when there is one, also on main itself', () => {
    git('checkout', '--quiet', '--force', 'main');
    const initial = git('rev-parse', 'HEAD');
    git('update-ref', 'refs/remotes/origin/main', initial);
    git('merge', '--quiet', '--ff-only', 'feature');
    const result = check();
    expect(result.output).toContain('Changesets since the merge base with origin/main');
    expect(result.output).toContain('ok       @easel/core: .changeset/brave-fox.md');
    expect(result.status).toBe(0);
    expect(check('not-a-ref').output).toContain('CHANGESET_BASE=not-a-ref is not a commit here');
  });

  it('requires a changeset for the first release of a new public package', () => {
    write('packages/extra/package.json', manifest('@easel/extra'));
    write('packages/extra/CHANGELOG.md', '# @easel/extra\n');
    write('packages/extra/src/index.ts', 'export const c = 1;\n');
    const result = check();
    expect(result.status).toBe(1);
    expect(result.output).toContain('MISSING  @easel/extra: packages/extra/src/index.ts');
    rmSync(join(repository, 'packages/extra'), { recursive: true });
  });
});
