import type { JsonValue } from '../../simulator/index.js';
import type { SpecViolation } from '../../specs/index.js';
import type { FastApiLocation, FastApiValidationIssue } from './fastapi-error.js';

/** Violations that only echo a more precise one (an `anyOf` with a `null` branch failed). */
const echoes = new Set(['must match a schema in anyOf', 'must be null']);

/**
 * The ranks of violations at one path: pydantic reports one error per field, the first check
 * that fails (an enum before its type, `multiple_of` before the bounds).
 */
const ranks: readonly RegExp[] = [
  /^must have required property/,
  /^must be equal to one of the allowed values/,
  /^must be [a-z,]+$/,
  /^must be multiple of/,
  /^must be [<>]=?/,
  /^must NOT have/,
  /^must match format/,
];

/**
 * The spec validator's violations of a request body as pydantic v2 reports them in FastAPI's
 * `detail[]`: one issue per field (the first check that fails), located under `body`, in the
 * order the violations came.
 *
 * @param body The parsed body that was validated, to echo the failing values.
 */
export function issuesFromViolations(
  violations: readonly SpecViolation[],
  body: unknown,
): FastApiValidationIssue[] {
  const byLocation = new Map<string, { loc: FastApiLocation; violation: SpecViolation }>();
  for (const violation of violations) {
    if (echoes.has(violation.message)) continue;
    const loc = locationOf(violation);
    const key = JSON.stringify(loc);
    const held = byLocation.get(key);
    if (held === undefined || rank(violation) < rank(held.violation)) {
      byLocation.set(key, { loc, violation });
    }
  }
  return [...byLocation.values()].map(({ loc, violation }) =>
    describeViolation(loc, violation, body),
  );
}

function rank(violation: SpecViolation): number {
  const index = ranks.findIndex(pattern => pattern.test(violation.message));
  return index === -1 ? ranks.length : index;
}

function locationOf(violation: SpecViolation): FastApiLocation {
  const segments = pointerSegments(violation.path);
  const required = /^must have required property '(.+)'$/.exec(violation.message);
  return ['body', ...segments, ...(required ? [required[1]!] : [])];
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map(segment => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map(segment => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function valueAt(body: unknown, segments: readonly (string | number)[]): JsonValue {
  let current: unknown = body;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return (current ?? null) as JsonValue;
}

function describeViolation(
  loc: FastApiLocation,
  violation: SpecViolation,
  body: unknown,
): FastApiValidationIssue {
  const { message } = violation;
  const segments = pointerSegments(violation.path);
  const input = valueAt(body, segments);
  if (message.startsWith('must have required property')) {
    return { type: 'missing', loc, msg: 'Field required', input };
  }
  const allowed = /^must be equal to one of the allowed values \((.*)\)$/.exec(message);
  if (allowed) {
    const values = allowed[1]!.split(', ').map(item => `'${JSON.parse(item) as string}'`);
    const expected =
      values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : values[0]!;
    return { type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
  }
  const type = /^must be ([a-z,]+)$/.exec(message);
  if (type) return typeIssue(loc, type[1]!.split(',')[0]!, input);
  const multiple = /^must be multiple of (-?[\d.]+)$/.exec(message);
  if (multiple) {
    const factor = Number(multiple[1]);
    return {
      type: 'multiple_of',
      loc,
      msg: `Input should be a multiple of ${factor}`,
      input,
      ctx: { multiple_of: factor },
    };
  }
  const bound = /^must be ([<>]=?) (-?[\d.]+)$/.exec(message);
  if (bound) return boundIssue(loc, bound[1]!, Number(bound[2]), input);
  const length = /^must NOT have (more|fewer) than (\d+) characters$/.exec(message);
  if (length) {
    const limit = Number(length[2]);
    const plural = limit === 1 ? '' : 's';
    return length[1] === 'more'
      ? {
          type: 'string_too_long',
          loc,
          msg: `String should have at most ${limit} character${plural}`,
          input,
          ctx: { max_length: limit },
        }
      : {
          type: 'string_too_short',
          loc,
          msg: `String should have at least ${limit} character${plural}`,
          input,
          ctx: { min_length: limit },
        };
  }
  if (message.startsWith('must match format')) {
    return {
      type: 'url_parsing',
      loc,
      msg: 'Input should be a valid URL, relative URL without a base',
      input,
      ctx: { error: 'relative URL without a base' },
    };
  }
  return { type: 'value_error', loc, msg: `Value error, ${message}`, input };
}

function typeIssue(
  loc: FastApiLocation,
  expected: string,
  input: JsonValue,
): FastApiValidationIssue {
  const text = typeof input === 'string';
  switch (expected) {
    case 'integer':
      if (text) {
        return {
          type: 'int_parsing',
          loc,
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input,
        };
      }
      if (typeof input === 'number') {
        return {
          type: 'int_from_float',
          loc,
          msg: 'Input should be a valid integer, got a number with a fractional part',
          input,
        };
      }
      return { type: 'int_type', loc, msg: 'Input should be a valid integer', input };
    case 'number':
      return text
        ? {
            type: 'float_parsing',
            loc,
            msg: 'Input should be a valid number, unable to parse string as a number',
            input,
          }
        : { type: 'float_type', loc, msg: 'Input should be a valid number', input };
    case 'boolean':
      return text
        ? {
            type: 'bool_parsing',
            loc,
            msg: 'Input should be a valid boolean, unable to interpret input',
            input,
          }
        : { type: 'bool_type', loc, msg: 'Input should be a valid boolean', input };
    case 'string':
      return { type: 'string_type', loc, msg: 'Input should be a valid string', input };
    default:
      return {
        type: 'model_attributes_type',
        loc,
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input,
      };
  }
}

const bounds = {
  '<=': { type: 'less_than_equal', words: 'less than or equal to', name: 'le' },
  '<': { type: 'less_than', words: 'less than', name: 'lt' },
  '>=': { type: 'greater_than_equal', words: 'greater than or equal to', name: 'ge' },
  '>': { type: 'greater_than', words: 'greater than', name: 'gt' },
} as const;

function boundIssue(
  loc: FastApiLocation,
  operator: string,
  limit: number,
  input: JsonValue,
): FastApiValidationIssue {
  const bound = bounds[operator as keyof typeof bounds];
  return {
    type: bound.type,
    loc,
    msg: `Input should be ${bound.words} ${limit}`,
    input,
    ctx: { [bound.name]: limit },
  };
}
