#!/usr/bin/env node
/**
 * Summarises a V8 `.cpuprofile` (from `pnpm bench --profile`): the functions with the most self
 * time, the most inclusive time, and self time per package.
 *
 *   node bench/dist/tools/summarize-profile.js <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
}

const [file, topArgument] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: summarize-profile.js <file.cpuprofile> [top]');
const top = Number(topArgument ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const totalMs = (profile.endTime - profile.startTime) / 1_000;
const msPerSample = totalMs / Math.max(1, profile.samples.length);
const byId = new Map(profile.nodes.map(node => [node.id, node]));

function keyOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${shorten(url)}:${lineNumber + 1}`;
}

function shorten(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^.*\/packages\//, 'packages/');
}

function packageOf(url: string): string {
  if (url === '') return '(native/V8)';
  if (url.startsWith('node:')) return 'node: core';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm) return pnpm[1]!;
  const workspace = /\/packages\/([^/]+)\//.exec(url);
  if (workspace) return `@easel/${workspace[1]}`;
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return plain ? plain[1]! : shorten(url);
}

const self = new Map<string, number>();
const selfByPackage = new Map<string, number>();
const inclusive = new Map<string, number>();

function visit(id: number, onPath: ReadonlySet<string>): number {
  const node = byId.get(id)!;
  const key = keyOf(node);
  const own = (node.hitCount ?? 0) * msPerSample;
  self.set(key, (self.get(key) ?? 0) + own);
  const pkg = packageOf(node.callFrame.url);
  selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + own);
  const path = new Set(onPath).add(key);
  let total = own;
  for (const child of node.children ?? []) total += visit(child, path);
  if (!onPath.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + total);
  return total;
}
visit(profile.nodes[0]!.id, new Set());

const print = (title: string, map: ReadonlyMap<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, ms] of [...map].sort((left, right) => right[1] - left[1]).slice(0, top)) {
    console.log(
      `${ms.toFixed(0).padStart(8)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${key}`,
    );
  }
};
console.log(`${file}: ${totalMs.toFixed(0)} ms profiled, ${profile.samples.length} samples`);
print('Self time by package', selfByPackage);
print('Self time by function', self);
print('Inclusive time by function', inclusive);
