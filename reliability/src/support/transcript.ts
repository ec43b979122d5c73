import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Environment variable naming the directory of the suite's transcript (set by the global setup). */
export const transcriptDirectoryVariable = 'EASEL_RELIABILITY_TRANSCRIPT';

/** What a transcript record is: a log line, an HTTP answer, a metrics scrape, a child's output… */
export type TranscriptKind = 'log' | 'response' | 'metrics' | 'error' | 'child-output';

let fallbackDirectory: string | undefined;

function directory(): string {
  const configured = process.env[transcriptDirectoryVariable];
  if (configured !== undefined && configured !== '') return configured;
  fallbackDirectory ??= join(tmpdir(), `easel-reliability-${process.pid}`);
  mkdirSync(fallbackDirectory, { recursive: true });
  return fallbackDirectory;
}

/**
 * Append what the suite saw to the transcript (one file per worker process), so that S2 can scan
 * everything the whole suite saw for the canary keys at the end.
 */
export function record(kind: TranscriptKind, source: string, text: string): void {
  appendFileSync(join(directory(), `${process.pid}.log`), `--- ${kind} ${source}\n${text}\n`);
}

/** Everything recorded so far by every worker: the files and their total size. */
export function readTranscript(): { text: string; files: number; bytes: number } {
  const root = directory();
  const names = readdirSync(root).filter(name => name.endsWith('.log'));
  const text = names.map(name => readFileSync(join(root, name), 'utf8')).join('\n');
  return { text, files: names.length, bytes: Buffer.byteLength(text) };
}
