import { CliError, exitCodes } from './exit-codes.js';

/**
 * The `--input key=value` options as an input object. A value that parses as JSON is taken as
 * JSON (`seed=7` → 7, `raw=true` → true, `color_palette={"name":"EMBER"}` → an object); anything
 * else is a string (`aspect_ratio=16:9`). Quote a JSON string to keep it a string: `seed='"7"'`.
 */
export function parseInputAssignments(assignments: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const separator = assignment.indexOf('=');
    const key = separator === -1 ? '' : assignment.slice(0, separator).trim();
    if (key === '') {
      throw new CliError(
        `--input expects key=value (e.g. --input aspect_ratio=16:9), received ${JSON.stringify(assignment)}`,
        exitCodes.usage,
      );
    }
    if (Object.hasOwn(input, key)) {
      throw new CliError(`--input ${key} is given twice`, exitCodes.usage);
    }
    input[key] = parseValue(assignment.slice(separator + 1));
  }
  return input;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
