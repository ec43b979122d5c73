export type { CommandContext } from './command-context.js';
export { CliError, exitCodeFor, exitCodes } from './exit-codes.js';
export { main } from './main.js';
export type { OutputStream } from './output-stream.js';
