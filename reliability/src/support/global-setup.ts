import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transcriptDirectoryVariable } from './transcript.js';

/**
 * Creates the suite's transcript directory before any test file runs (workers inherit the
 * variable) and removes it afterwards. The scan happens in `s2-secrets.test.ts`, which the
 * sequencer runs last: a failing global teardown would not fail the run.
 */
export default function setup(): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'easel-reliability-'));
  process.env[transcriptDirectoryVariable] = directory;
  return () => rmSync(directory, { recursive: true, force: true });
}
