import { closestMatches } from '@easel/core';
import type { CommandContext } from './command-context.js';
import { describeError, exitCodeFor, exitCodes } from './exit-codes.js';
import { generateHelp, runGenerate } from './generate-command.js';
import { runServe, serveHelp } from './serve-command.js';

export const usage = `Usage: easel <command> [options]

Commands:
  serve      Run the gateway with its playground (sandboxed providers without keys)
  generate   Generate images from the command line and write them to disk

Run easel <command> --help for a command's options.

Exit codes: 0 ok, 2 usage or invalid input, 3 content filtered, 4 rate limited,
5 provider or upstream error, 6 timeout, 7 missing or refused key, 130 interrupted,
1 unexpected failure.
`;

const commands: ReadonlyMap<string, { run: typeof runServe; help: string }> = new Map([
  ['serve', { run: runServe, help: serveHelp }],
  ['generate', { run: runGenerate, help: generateHelp }],
]);

/**
 * The `easel` command line: runs one command and returns its exit code. Errors become one line
 * on stderr and the exit code of their class (see `exitCodes`); nothing is thrown.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), {
 *   env: process.env, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(),
 * });
 */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    context.stderr.write(usage);
    return exitCodes.usage;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const topic = args[0] === undefined ? undefined : commands.get(args[0]);
    context.stdout.write(topic?.help ?? usage);
    return exitCodes.ok;
  }
  const command = commands.get(name);
  if (command === undefined) {
    const suggestions = closestMatches(name, commands.keys());
    const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : '';
    context.stderr.write(`easel: unknown command "${name}".${hint}\n\n${usage}`);
    return exitCodes.usage;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    const code = exitCodeFor(error);
    context.stderr.write(
      code === exitCodes.interrupted ? 'easel: interrupted\n' : `easel: ${describeError(error)}\n`,
    );
    if (code === exitCodes.unexpected && context.env.EASEL_DEBUG) {
      context.stderr.write(`${(error as Error).stack ?? ''}\n`);
    }
    return code;
  }
}
