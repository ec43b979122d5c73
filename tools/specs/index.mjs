// The official provider specs live in the steering repository, `shared/specs`, beside this
// repository (CI clones them side by side). Adapter tests validate every outgoing request against
// these files; testkit's simulators use copies generated from them (scripts/sync-specs.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The folder holding the shared specs. */
export function sharedSpecsDirectory() {
  const candidates = [
    process.env.EASEL_SHARED_SPECS,
    join(repositoryRoot, '..', 'shared', 'specs'),
  ].filter(Boolean);
  const found = candidates.find(candidate => existsSync(candidate));
  if (!found) {
    throw new Error(
      `the shared specs were not found (looked in ${candidates.join(', ')}); clone the steering repository beside this one or set EASEL_SHARED_SPECS`,
    );
  }
  return found;
}

/** Names of the spec files. */
export function sharedSpecNames() {
  return readdirSync(sharedSpecsDirectory()).filter(name => name.endsWith('.json'));
}

/** One spec file, parsed. */
export function loadSharedSpec(name) {
  return JSON.parse(readFileSync(join(sharedSpecsDirectory(), name), 'utf8'));
}
