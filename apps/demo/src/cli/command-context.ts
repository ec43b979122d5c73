import type { Environment } from '../environment/index.js';
import type { OutputStream } from './output-stream.js';

/** What a command runs with: the process's, or a test's. */
export interface CommandContext {
  /** Keys and settings. */
  readonly env: Environment;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Relative paths (`-o out`) resolve against it. */
  readonly cwd: string;
  /** Fires on SIGINT/SIGTERM: `generate` stops (exit 130), `serve` closes gracefully (exit 0). */
  readonly signal?: AbortSignal;
}
