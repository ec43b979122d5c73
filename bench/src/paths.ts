import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `bench/` folder (this file runs from `bench/src` under vitest and `bench/dist` when built). */
export const benchRoot = fileURLToPath(new URL('..', import.meta.url));

/** The repository root. */
export const repositoryRoot = join(benchRoot, '..');

/** Where the results of a complete run are written. */
export const latestResultsPath = join(benchRoot, 'results', 'latest.json');

/** Where the results of a `--only` run are written. */
export const partialResultsPath = join(benchRoot, 'results', 'partial.json');

/** The README whose Performance section is generated. */
export const readmePath = join(repositoryRoot, 'README.md');
