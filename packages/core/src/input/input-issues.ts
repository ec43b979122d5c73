import type { $ZodIssue, $ZodRawIssue, $ZodType } from 'zod/v4/core';
import { describeValue, type InputIssue } from '../errors/invalid-input-error.js';
import { closestMatches } from './did-you-mean.js';

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  bigint: 'a whole number',
  date: 'a date',
  null: 'null',
};

function unitOf(origin: string, count: number | bigint): string {
  if (origin === 'string') return ` character${count === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return ` item${count === 1 ? '' : 's'}`;
  if (origin === 'file') return ' bytes';
  return '';
}

/**
 * Per-parse zod error map: Easel's wording for zod's default messages. Messages set on a schema
 * (`{ error: '…' }`) take precedence over this.
 */
export function describeZodIssue(issue: $ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeNames[issue.expected] ?? issue.expected}`;
    case 'too_big': {
      const bound = issue.inclusive === false ? 'less than' : 'at most';
      return `must be ${bound} ${issue.maximum}${unitOf(issue.origin, issue.maximum as number)}`;
    }
    case 'too_small': {
      if (issue.origin === 'string' && issue.minimum === 1) return 'must not be empty';
      const bound = issue.inclusive === false ? 'more than' : 'at least';
      return `must be ${bound} ${issue.minimum}${unitOf(issue.origin, issue.minimum as number)}`;
    }
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(value => JSON.stringify(value)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `expected a valid ${issue.format}`;
    default:
      return undefined;
  }
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function expectedOf(issue: $ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_value':
      return issue.values.map(value => String(value)).join(', ');
    case 'invalid_type':
      return typeNames[issue.expected] ?? issue.expected;
    case 'too_big':
      return `${issue.inclusive === false ? '<' : '≤'} ${issue.maximum}`;
    case 'too_small':
      return `${issue.inclusive === false ? '>' : '≥'} ${issue.minimum}`;
    default:
      return undefined;
  }
}

function toPath(path: ReadonlyArray<PropertyKey>): Array<string | number> {
  return path.map(segment => (typeof segment === 'number' ? segment : String(segment)));
}

/**
 * Turn zod issues into Easel input issues: unknown keys get a "did you mean", every issue says
 * what was received (summarised, never the whole of a base64 image).
 */
export function toInputIssues(
  issues: readonly $ZodIssue[],
  input: unknown,
  knownKeys: readonly string[],
): InputIssue[] {
  const result: InputIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const suggestion =
          issue.path.length === 0 ? closestMatches(key, knownKeys, 1)[0] : undefined;
        result.push({
          path: [...toPath(issue.path), key],
          message: 'unknown field',
          ...(suggestion === undefined ? {} : { suggestion }),
        });
      }
      continue;
    }
    const value = valueAt(input, issue.path);
    const crossField = issue.code === 'custom' && issue.params?.crossField === true;
    const present = !crossField && (value !== undefined || issue.code !== 'invalid_type');
    const received = present ? describeValue(value) : undefined;
    const expected = expectedOf(issue);
    let message = issue.message;
    if (issue.code === 'invalid_type' && value === undefined) message = 'is required';
    else if (received !== undefined && !message.includes('received'))
      message += `, received ${received}`;
    result.push({
      path: toPath(issue.path),
      message,
      ...(received === undefined ? {} : { received }),
      ...(expected === undefined ? {} : { expected }),
    });
  }
  return result;
}

/**
 * Top-level field names a schema accepts: the keys of its object shape, looking through pipes
 * and refinements. Works for any zod v4 object schema, ours or a third party's.
 */
export function inputFieldNames(schema: $ZodType): string[] {
  let current: $ZodType | undefined = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const definition = current._zod.def as unknown as {
      type: string;
      shape?: Record<string, unknown>;
      in?: $ZodType;
      innerType?: $ZodType;
    };
    if (definition.type === 'object' && definition.shape) return Object.keys(definition.shape);
    current = definition.in ?? definition.innerType;
  }
  return [];
}
