#!/usr/bin/env node
// The `easel` bin: wires the process (argv, streams, signals) to `main`.
import { main } from './cli/index.js';

// SIGINT/SIGTERM: `generate` stops at once, `serve` closes gracefully within its deadline.
// Repeats are ignored: a terminal's Ctrl+C and a parent forwarding it (npm start) both arrive.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => interrupt.abort());

const code = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
process.exitCode = code;
// Leave even when a keep-alive socket or a stray timer would hold the process open.
setTimeout(() => process.exit(code), 1000).unref();
