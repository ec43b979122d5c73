/** Where the CLI writes: `process.stdout`/`process.stderr`, or a test's collector. */
export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal: progress is then one line, redrawn in place. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}
