import { readFileSync, writeFileSync } from 'node:fs';
import { readmePath } from '../paths.js';
import { renderPerformanceSection, replaceSection } from '../readme/performance-section.js';
import { type BenchResults, benchResultsSchema } from './results-schema.js';

/** Reads and validates a results file. */
export function readResults(path: string): BenchResults {
  return benchResultsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Validates and writes a results file (two-space JSON, trailing newline). */
export function writeResults(path: string, results: BenchResults): void {
  writeFileSync(path, `${JSON.stringify(benchResultsSchema.parse(results), null, 2)}\n`);
}

/** Regenerates the README's Performance section from `results`. */
export function updateReadme(results: BenchResults, path = readmePath): void {
  const readme = readFileSync(path, 'utf8');
  writeFileSync(path, replaceSection(readme, renderPerformanceSection(results)));
}
