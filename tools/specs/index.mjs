// The official provider specs and the seed documents live in the steering repository, `shared/`,
// beside this repository (CI clones them side by side). Adapter tests validate every outgoing
// request against the specs; testkit's simulators use copies generated from them
// (scripts/sync-specs.mjs). The demo replays every request of the seed documents.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sharedDirectory(name, variable) {
  const candidates = [process.env[variable], join(repositoryRoot, '..', 'shared', name)].filter(
    Boolean,
  );
  const found = candidates.find(candidate => existsSync(candidate));
  if (!found) {
    throw new Error(
      `the shared ${name} were not found (looked in ${candidates.join(', ')}); clone the steering repository beside this one or set ${variable}`,
    );
  }
  return found;
}

/** The folder holding the shared specs. */
export function sharedSpecsDirectory() {
  return sharedDirectory('specs', 'EASEL_SHARED_SPECS');
}

/** Names of the spec files. */
export function sharedSpecNames() {
  return readdirSync(sharedSpecsDirectory()).filter(name => name.endsWith('.json'));
}

/** One spec file, parsed. */
export function loadSharedSpec(name) {
  return JSON.parse(readFileSync(join(sharedSpecsDirectory(), name), 'utf8'));
}

/** The folder holding the seed documents. */
export function sharedSeedsDirectory() {
  return sharedDirectory('seeds', 'EASEL_SHARED_SEEDS');
}

function seedDocuments() {
  const directory = sharedSeedsDirectory();
  return readdirSync(directory)
    .filter(name => name.endsWith('.txt') || name.endsWith('.md'))
    .sort()
    .map(file => ({ file, text: readFileSync(join(directory, file), 'utf8') }));
}

// A curl command in either form of the seed documents: inside a ```shell block, or flattened into
// plain text (where the template's URL reads `/models/ < model_pat h > /predictions`). The URL runs
// up to the first option; the body is the single-quoted argument of -d.
const curlPattern =
  /\bcurl\s+(https?:\/\/[^\n]*?)\s*\\?\s*\n(?:(?!\bcurl\s)[\s\S])*?-d\s+'([^']*)'/g;

/**
 * Every curl request of every seed document, in order, without duplicates (same model path and
 * same body; the first file that has it is named). The template request of each document comes
 * with the placeholder model path `<model_path>`.
 */
export function loadSeedRequests() {
  const seen = new Set();
  const requests = [];
  for (const { file, text } of seedDocuments()) {
    const matches = [...text.matchAll(curlPattern)];
    const commands = text.match(/\bcurl\s+https?:/g)?.length ?? 0;
    if (matches.length !== commands) {
      throw new Error(
        `${file}: ${commands} curl commands, but only ${matches.length} with a -d body`,
      );
    }
    for (const match of matches) {
      const url = match[1].replace(/\s+/g, '');
      const modelPath = /\/v1\/models\/(.+)\/predictions$/.exec(url)?.[1];
      if (modelPath === undefined) throw new Error(`${file}: no model path in the curl URL ${url}`);
      let body;
      try {
        body = JSON.parse(match[2]);
      } catch (error) {
        throw new Error(`${file}: the -d body of the curl for ${modelPath} is not JSON`, {
          cause: error,
        });
      }
      const key = `${modelPath}\n${JSON.stringify(body)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      requests.push({ file, modelPath, body });
    }
  }
  return requests;
}

const listedPathPattern = /^[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?$/;

/**
 * Every model path the seed documents list after `<model_path>` (the "支持 / 支援" lists), in
 * order, without duplicates.
 */
export function loadSeedModelPaths() {
  const paths = new Set();
  for (const { file, text } of seedDocuments()) {
    const lines = text.split('\n');
    const start = lines.findIndex(line => /<\s*model_pat\s*h\s*>.*[支]/.test(line));
    if (start === -1) throw new Error(`${file}: no "<model_path>" list`);
    for (const line of lines.slice(start + 1)) {
      const item = line
        .trim()
        .replace(/^[-*]\s+/, '')
        .replace(/`/g, '');
      if (!listedPathPattern.test(item)) break;
      paths.add(item);
    }
  }
  return [...paths];
}
