import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './documented-packages.js';

// A dry run of the release flow's version step (`pnpm version-packages`: `changeset version`,
// then scripts/sync-versions.mjs) on a copy of the workspace's manifests and .changeset/, so the
// real repository is never touched.

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const changesetBin = join(repositoryRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
const copies: string[] = [];
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** Workspace package directories, from the globs of pnpm-workspace.yaml. */
function workspaceDirectories(): string[] {
  const yaml = readFileSync(join(repositoryRoot, 'pnpm-workspace.yaml'), 'utf8');
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split('\n')) {
    if (/^packages:\s*$/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const glob = /^\s*-\s*['"]?([^'"\s#]+)/.exec(line)?.[1];
      if (glob) globs.push(glob);
    }
  }
  return globs
    .flatMap(glob =>
      glob.endsWith('/*')
        ? readdirSync(join(repositoryRoot, glob.slice(0, -2)), { withFileTypes: true })
            .filter(entry => entry.isDirectory())
            .map(entry => `${glob.slice(0, -2)}/${entry.name}`)
        : [glob],
    )
    .filter(directory => existsSync(join(repositoryRoot, directory, 'package.json')));
}

/** A copy of what `changeset version` and sync-versions read and write. */
function copyWorkspace(options: { pendingChangesets: boolean }): string {
  const copy = mkdtempSync(join(tmpdir(), 'easel-version-'));
  copies.push(copy);
  const copyFile = (path: string) => {
    if (!existsSync(join(repositoryRoot, path))) return;
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    copyFileSync(join(repositoryRoot, path), join(copy, path));
  };
  for (const path of ['package.json', 'pnpm-workspace.yaml', 'scripts/sync-versions.mjs'])
    copyFile(path);
  for (const name of readdirSync(join(repositoryRoot, '.changeset'))) {
    if (name === 'config.json' || name === 'README.md' || options.pendingChangesets)
      copyFile(`.changeset/${name}`);
  }
  for (const directory of workspaceDirectories()) {
    for (const file of ['package.json', 'CHANGELOG.md', 'src/version.ts'])
      copyFile(`${directory}/${file}`);
  }
  return copy;
}

function versionPackages(copy: string): string {
  const output = execFileSync(process.execPath, [changesetBin, 'version'], {
    cwd: copy,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return (
    output +
    execFileSync(process.execPath, [join(copy, 'scripts', 'sync-versions.mjs')], {
      cwd: copy,
      encoding: 'utf8',
    })
  );
}

function manifests(root: string): Map<string, Manifest & { directory: string }> {
  return new Map(
    workspaceDirectories().map(directory => {
      const manifest = JSON.parse(
        readFileSync(join(root, directory, 'package.json'), 'utf8'),
      ) as Manifest;
      return [manifest.name, { ...manifest, directory }];
    }),
  );
}

function bump(version: string, type: 'major' | 'minor' | 'patch'): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (type === 'major') return `${major + 1}.0.0`;
  if (type === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Whether `version` satisfies `^base` (what pnpm pack writes for `workspace:^`). */
function satisfiesCaret(version: string, base: string): boolean {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  const [baseMajor, baseMinor, basePatch] = base.split('.').map(Number) as [number, number, number];
  const atLeast = minor > baseMinor || (minor === baseMinor && patch >= basePatch);
  if (baseMajor > 0) return major === baseMajor && atLeast;
  if (baseMinor > 0) return major === 0 && minor === baseMinor && patch >= basePatch;
  return version === base;
}

const dependsOnCore = (manifest: Manifest) =>
  manifest.dependencies?.['@easel/core'] !== undefined ||
  manifest.peerDependencies?.['@easel/core'] !== undefined;

function writeChangeset(
  copy: string,
  name: string,
  bumps: Record<string, string>,
  summary: string,
) {
  const frontmatter = Object.entries(bumps)
    .map(([pkg, type]) => `"${pkg}": ${type}`)
    .join('\n');
  writeFileSync(join(copy, '.changeset', `${name}.md`), `---\n${frontmatter}\n---\n\n${summary}\n`);
}

function realState(): string {
  return workspaceDirectories()
    .map(directory => readFileSync(join(repositoryRoot, directory, 'package.json'), 'utf8'))
    .concat(readdirSync(join(repositoryRoot, '.changeset')).sort())
    .join('\n');
}

describe('changeset version (dry run on a copy of the workspace)', () => {
  const before = realState();
  afterAll(() => {
    expect(realState(), 'the real repository is untouched').toBe(before);
  });

  it('a minor of @easel/core writes its CHANGELOG and releases the dependents it leaves behind', () => {
    const copy = copyWorkspace({ pendingChangesets: false });
    const old = manifests(copy);
    const core = old.get('@easel/core');
    if (!core) throw new Error('no @easel/core');
    writeChangeset(copy, 'core-minor', { '@easel/core': 'minor' }, 'feat(core): a new hub option');
    writeChangeset(
      copy,
      'openai-patch',
      { '@easel/provider-openai': 'patch' },
      'fix(provider-openai): a fix',
    );
    const output = versionPackages(copy);
    const updated = manifests(copy);

    const coreVersion = bump(core.version, 'minor');
    expect(updated.get('@easel/core')?.version).toBe(coreVersion);
    const coreLog = readFileSync(join(copy, core.directory, 'CHANGELOG.md'), 'utf8');
    expect(coreLog).toContain(
      `## ${coreVersion}\n\n### Minor Changes\n\n- feat(core): a new hub option`,
    );
    expect(readFileSync(join(copy, core.directory, 'src/version.ts'), 'utf8')).toContain(
      `export const VERSION = '${coreVersion}';`,
    );
    expect(output).toContain(`core: VERSION = ${coreVersion}`);

    const leavesRange = !satisfiesCaret(coreVersion, core.version);
    for (const [name, manifest] of old) {
      if (name === '@easel/core' || manifest.private || !dependsOnCore(manifest)) continue;
      const after = updated.get(name);
      const log = existsSync(join(copy, manifest.directory, 'CHANGELOG.md'))
        ? readFileSync(join(copy, manifest.directory, 'CHANGELOG.md'), 'utf8')
        : '';
      // The range stays `workspace:^`; pnpm pack writes ^<the version packed>.
      expect(
        after?.dependencies?.['@easel/core'] ?? after?.peerDependencies?.['@easel/core'],
      ).toMatch(/^workspace:/);
      if (name === '@easel/provider-openai') {
        expect(after?.version).toBe(bump(manifest.version, 'patch'));
        expect(log).toContain('- fix(provider-openai): a fix');
      } else if (leavesRange) {
        expect(after?.version, `${name} must be released with the new core range`).toBe(
          bump(manifest.version, 'patch'),
        );
        expect(log).toContain(`- Updated dependencies\n  - @easel/core@${coreVersion}`);
      } else {
        expect(after?.version).toBe(manifest.version);
      }
    }
    for (const [name, manifest] of old) {
      if (!manifest.private) continue;
      expect(updated.get(name)?.version, `${name} is private: never versioned`).toBe(
        manifest.version,
      );
    }
    expect(readdirSync(join(copy, '.changeset')).sort()).toEqual(['README.md', 'config.json']);
  });

  it('after 1.0, a minor of @easel/core stays in the dependents’ range and releases only core', () => {
    const copy = copyWorkspace({ pendingChangesets: false });
    for (const manifest of manifests(copy).values()) {
      if (manifest.private) continue;
      const path = join(copy, manifest.directory, 'package.json');
      writeFileSync(
        path,
        readFileSync(path, 'utf8').replace(/"version": "[^"]+"/, '"version": "1.0.0"'),
      );
    }
    writeChangeset(copy, 'core-minor', { '@easel/core': 'minor' }, 'feat(core): a new hub option');
    versionPackages(copy);
    const versions = [...manifests(copy).values()]
      .filter(manifest => !manifest.private)
      .map(manifest => `${manifest.name}@${manifest.version}`);
    expect(versions).toContain('@easel/core@1.1.0');
    expect(versions.filter(version => !version.endsWith('@1.0.0'))).toEqual(['@easel/core@1.1.0']);
  });

  it('the pending changesets in .changeset/ version cleanly', () => {
    const copy = copyWorkspace({ pendingChangesets: true });
    const pending = readdirSync(join(copy, '.changeset')).filter(
      name => name.endsWith('.md') && name !== 'README.md',
    );
    const old = manifests(copy);
    const expected = new Map<string, { type: 'major' | 'minor' | 'patch'; summaries: string[] }>();
    const rank = { patch: 0, minor: 1, major: 2 } as const;
    for (const name of pending) {
      const text = readFileSync(join(copy, '.changeset', name), 'utf8');
      const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
      for (const line of frontmatter.split('\n').filter(Boolean)) {
        const [, pkg = '', type = 'patch'] = /^"([^"]+)":\s*(\w+)/.exec(line) ?? [];
        const entry = expected.get(pkg) ?? { type: 'patch' as const, summaries: [] };
        const kind = type as 'major' | 'minor' | 'patch';
        expected.set(pkg, {
          type: rank[kind] > rank[entry.type] ? kind : entry.type,
          summaries: [...entry.summaries, body.trim().split('\n')[0] ?? ''],
        });
      }
    }
    versionPackages(copy);
    const updated = manifests(copy);
    for (const [name, { type, summaries }] of expected) {
      const manifest = old.get(name);
      expect(manifest, `${name} (named in .changeset/) is a workspace package`).toBeDefined();
      if (!manifest) continue;
      expect(updated.get(name)?.version).toBe(bump(manifest.version, type));
      const log = readFileSync(join(copy, manifest.directory, 'CHANGELOG.md'), 'utf8');
      for (const summary of summaries) expect(log).toContain(summary);
    }
    expect(readdirSync(join(copy, '.changeset')).sort()).toEqual(['README.md', 'config.json']);
  });

  it('the release scripts: version-packages syncs VERSION; release builds, then publishes with provenance', () => {
    const root = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(root.scripts['version-packages']).toMatch(
      /^changeset version && node scripts\/sync-versions\.mjs && pnpm install --lockfile-only$/,
    );
    // `pnpm publish` packs like `pnpm pack` (workspace: ranges rewritten, publishConfig applied);
    // pnpm does not read publishConfig.provenance itself, so the flag is passed on to npm.
    expect(root.scripts.release).toMatch(
      /^turbo run build && pnpm publish -r (.* )?--provenance\b/,
    );
    for (const manifest of manifests(repositoryRoot).values()) {
      if (manifest.private) continue;
      const { publishConfig } = JSON.parse(
        readFileSync(join(repositoryRoot, manifest.directory, 'package.json'), 'utf8'),
      ) as { publishConfig?: { access?: string; provenance?: boolean } };
      expect(publishConfig, manifest.name).toEqual({ access: 'public', provenance: true });
    }
  });
});
