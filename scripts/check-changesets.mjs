#!/usr/bin/env node
// Every change to a published package carries a changeset (STYLE.md §15). Compares the working
// tree (commits, uncommitted and untracked files) with a base and fails when a public package's
// published code changed without a changeset that names it.
//
//   node scripts/check-changesets.mjs [--root <repository>]
//
// Base: CHANGESET_BASE (any commit-ish), else the merge base of HEAD with origin/<baseBranch>, else
// with <baseBranch> (from .changeset/config.json, `main`) when on another branch. On the base
// branch itself with nothing to compare against (a fresh clone of main without a remote), the
// check is skipped with a notice.
//
// What counts as a change to a package: files under src/ except tests (*.test.ts, *.test-d.ts)
// and __fixtures__, and the fields of package.json that reach users (dependencies, exports,
// files, engines, …; not devDependencies, scripts or the version). A package is covered by a
// changeset added since the base that names it, or by a new version in package.json (the release
// commit, where `changeset version` consumed the changesets).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootArgument = process.argv.indexOf('--root');
const root =
  rootArgument > 0
    ? resolve(process.argv[rootArgument + 1])
    : join(dirname(fileURLToPath(import.meta.url)), '..');

/** Fields of package.json that change what users install. */
const publishedFields = [
  'name',
  'type',
  'main',
  'module',
  'types',
  'exports',
  'imports',
  'bin',
  'files',
  'sideEffects',
  'engines',
  'dependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'optionalDependencies',
  'publishConfig',
];

function git(args, options = {}) {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  }).trim();
}

function gitSucceeds(args) {
  try {
    git(args);
    return true;
  } catch {
    return false;
  }
}

function notice(message) {
  console.log(`changeset check skipped: ${message}`);
  process.exit(0);
}

function fail(message) {
  console.error(`changeset check failed: ${message}`);
  process.exit(1);
}

if (!gitSucceeds(['rev-parse', '--is-inside-work-tree'])) notice('not a git checkout.');

const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8'));
const baseBranch = config.baseBranch ?? 'main';
const branch = gitSucceeds(['rev-parse', '--verify', 'HEAD'])
  ? git(['rev-parse', '--abbrev-ref', 'HEAD'])
  : baseBranch;

let base;
let baseLabel;
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this script, which turbo does not run
const requested = process.env.CHANGESET_BASE;
if (requested) {
  if (!gitSucceeds(['rev-parse', '--verify', '--quiet', `${requested}^{commit}`]))
    fail(`CHANGESET_BASE=${requested} is not a commit here (fetch it first).`);
  base = git(['rev-parse', `${requested}^{commit}`]);
  baseLabel = `CHANGESET_BASE=${requested}`;
} else {
  for (const reference of [`origin/${baseBranch}`, baseBranch]) {
    if (reference === baseBranch && branch === baseBranch) continue;
    if (!gitSucceeds(['rev-parse', '--verify', '--quiet', `${reference}^{commit}`])) continue;
    try {
      base = git(['merge-base', 'HEAD', reference]);
    } catch {
      fail(
        `no merge base of HEAD and ${reference} (a shallow clone? fetch more history, or set CHANGESET_BASE).`,
      );
    }
    baseLabel = `the merge base with ${reference}`;
    break;
  }
  if (base === undefined) {
    if (branch === baseBranch || branch === 'HEAD')
      notice(
        `on ${branch === 'HEAD' ? 'a detached HEAD' : baseBranch} with no base to compare against (no origin/${baseBranch}); set CHANGESET_BASE to check a change.`,
      );
    fail(`no ${baseBranch} or origin/${baseBranch} to compare ${branch} with; set CHANGESET_BASE.`);
  }
}

const changed = new Set(
  [
    ...git(['diff', '--name-only', '--no-renames', base]).split('\n'),
    ...git(['ls-files', '--others', '--exclude-standard']).split('\n'),
  ].filter(Boolean),
);

const atBase = path => {
  try {
    return git(['show', `${base}:${path}`]);
  } catch {
    return undefined;
  }
};

// Public packages, as they are now.
const packages = [];
const packagesDirectory = join(root, 'packages');
for (const name of existsSync(packagesDirectory) ? readdirSync(packagesDirectory) : []) {
  const manifestPath = join(packagesDirectory, name, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  packages.push({
    directory: `packages/${name}`,
    name: manifest.name,
    private: !!manifest.private,
  });
}
const publicNames = new Set(packages.filter(entry => !entry.private).map(entry => entry.name));
const allNames = new Set(packages.map(entry => entry.name));

const isPublishedSource = relativePath =>
  relativePath.startsWith('src/') &&
  !/\.test(-d)?\.[cm]?[jt]sx?$/.test(relativePath) &&
  !relativePath.split('/').includes('__fixtures__');

function manifestChanged(directory) {
  const path = `${directory}/package.json`;
  if (!changed.has(path)) return false;
  const before = atBase(path);
  if (before === undefined) return true;
  const now = JSON.parse(readFileSync(join(root, path), 'utf8'));
  const then = JSON.parse(before);
  return publishedFields.some(
    field => JSON.stringify(now[field] ?? null) !== JSON.stringify(then[field] ?? null),
  );
}

/** `0.1.0 → 0.1.1` when the release commit (`changeset version`) bumped the package. */
function versionChange(directory) {
  const before = atBase(`${directory}/package.json`);
  if (before === undefined) return undefined;
  const then = JSON.parse(before).version;
  const now = JSON.parse(readFileSync(join(root, directory, 'package.json'), 'utf8')).version;
  return then !== now ? `${then} → ${now}` : undefined;
}

// Changesets added since the base, with the packages they name.
const named = new Map();
const problems = [];
for (const path of changed) {
  if (!/^\.changeset\/[^/]+\.md$/.test(path) || path === '.changeset/README.md') continue;
  if (!existsSync(join(root, path)) || atBase(path) !== undefined) continue;
  const text = readFileSync(join(root, path), 'utf8');
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!frontmatter) {
    problems.push(`${path} has no frontmatter (--- "<package>": patch ---)`);
    continue;
  }
  for (const line of frontmatter[1].split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch|none)\s*$/.exec(line);
    if (!entry) {
      problems.push(
        `${path}: cannot read "${line.trim()}" (expected "<package>": patch|minor|major)`,
      );
      continue;
    }
    const [, name] = entry;
    if (!allNames.has(name)) problems.push(`${path} names ${name}, which is no package here`);
    else if (!publicNames.has(name))
      problems.push(`${path} names ${name}, a private package that is never released`);
    named.set(name, [...(named.get(name) ?? []), path]);
  }
}

const report = [];
for (const entry of packages.filter(candidate => !candidate.private)) {
  const sources = [...changed].filter(
    path =>
      path.startsWith(`${entry.directory}/`) &&
      isPublishedSource(path.slice(entry.directory.length + 1)),
  );
  const manifest = manifestChanged(entry.directory);
  if (sources.length === 0 && !manifest) continue;
  const what = [...sources.slice(0, 3), ...(manifest ? [`${entry.directory}/package.json`] : [])];
  const more = sources.length > 3 ? ` and ${sources.length - 3} more` : '';
  if (named.has(entry.name)) {
    report.push(`  ok       ${entry.name}: ${named.get(entry.name).join(', ')}`);
  } else if (versionChange(entry.directory)) {
    report.push(`  ok       ${entry.name}: versioned (${versionChange(entry.directory)})`);
  } else {
    report.push(`  MISSING  ${entry.name}: ${what.join(', ')}${more}`);
    problems.push(`${entry.name} changed without a changeset`);
  }
}

console.log(`Changesets since ${baseLabel} (${base.slice(0, 12)}):`);
console.log(report.length > 0 ? report.join('\n') : '  no published package changed');
if (problems.length > 0) {
  fail(
    `\n  ${problems.join('\n  ')}\nAdd one with \`npx pnpm@10 changeset\` (pick the packages, patch unless decided otherwise), see .changeset/README.md.`,
  );
}
