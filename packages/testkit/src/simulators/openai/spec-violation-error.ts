import type { SpecViolation } from '../../specs/index.js';
import {
  invalidRequest,
  listOf,
  type OpenAIApiError,
  quote,
  unknownParameter,
} from './openai-api-error.js';

/** Violations that only echo a more precise one (an `anyOf` that failed because a branch did). */
const echoes = new Set(['must match a schema in anyOf', 'must be null']);

/**
 * The one error OpenAI would answer for a body that breaks its schema, in OpenAI's wording
 * (`missing_required_parameter`, `invalid_type`, `invalid_value`, `integer_above_max_value`, …),
 * with `param` spelled the way OpenAI spells it (`images[0].image_url`).
 *
 * @param violations What the spec validator found; must not be empty.
 * @param body The body that was validated, to say what type a wrong value had.
 */
export function specViolationError(
  violations: readonly SpecViolation[],
  body: unknown,
): OpenAIApiError {
  const precise = violations.filter(violation => !echoes.has(violation.message));
  // An `anyOf` branch of the right type that failed a constraint says more than the branches of
  // the wrong type (an array of 17 images is "too long", not "not a string").
  const constrained = new Set(
    precise.filter(violation => !isTypeMismatch(violation)).map(violation => violation.path),
  );
  const relevant = precise.filter(
    violation => !(isTypeMismatch(violation) && constrained.has(violation.path)),
  );
  const chosen = relevant[0] ?? violations[0];
  if (chosen === undefined) throw new TypeError('specViolationError: no violations');
  return describeViolation(chosen, body);
}

function isTypeMismatch(violation: SpecViolation): boolean {
  return /^must be [a-z,]+$/.test(violation.message);
}

function describeViolation(violation: SpecViolation, body: unknown): OpenAIApiError {
  const { message } = violation;
  const param = parameterName(violation.path);
  const value = valueAt(body, violation.path);

  const required = /^must have required property '(.+)'$/.exec(message);
  if (required) {
    const missing = joinParameter(param, required[1]!);
    return invalidRequest(`Missing required parameter: '${missing}'.`, {
      param: missing,
      code: 'missing_required_parameter',
    });
  }
  const additional = /^must NOT have additional properties \("(.+)"\)$/.exec(message);
  if (additional) return unknownParameter(joinParameter(param, additional[1]!));

  const type = /^must be ([a-z,]+)$/.exec(message);
  if (type) {
    const expected = type[1]!.split(',').filter(name => name !== 'null');
    const subject = param ?? 'body';
    return invalidRequest(
      `Invalid type for '${subject}': expected ${listWithArticles(expected)}, but got ${withArticle(jsonType(value))} instead.`,
      { param, code: 'invalid_type' },
    );
  }
  const allowed = /^must be equal to one of the allowed values \((.*)\)$/.exec(message);
  if (allowed) {
    const supported = allowed[1]!.split(', ').map(item => `'${JSON.parse(item) as string}'`);
    return invalidRequest(
      `Invalid value: ${quote(value)}. Supported values are: ${listOf(supported)}.`,
      { param, code: 'invalid_value' },
    );
  }
  const bound = /^must be ([<>]=?) (-?[\d.]+)$/.exec(message);
  if (bound) {
    const above = bound[1]!.startsWith('<');
    const kind = Number.isInteger(value) ? 'integer' : 'number';
    return invalidRequest(
      `Invalid '${param}': ${kind} ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${bound[1]} ${bound[2]}, but got ${String(value)} instead.`,
      { param, code: `${kind}_${above ? 'above_max' : 'below_min'}_value` },
    );
  }
  const length = /^must NOT have (more|fewer) than (\d+) (characters|items)$/.exec(message);
  if (length) return lengthError(param, value, length[1] === 'more', Number(length[2]), length[3]);

  if (message.startsWith('must match format')) {
    return invalidRequest(
      `Invalid '${param}': expected a fully qualified URL or a base64-encoded data URL, but got ${quote(value)}.`,
      { param, code: 'invalid_value' },
    );
  }
  if (message === 'must NOT be valid') {
    return invalidRequest(
      `Invalid '${param}': provide exactly one of 'image_url' or 'file_id', not both.`,
      { param, code: 'invalid_value' },
    );
  }
  return invalidRequest(`Invalid '${param ?? 'body'}': ${message}.`, {
    param,
    code: 'invalid_value',
  });
}

function lengthError(
  param: string | null,
  value: unknown,
  tooLong: boolean,
  limit: number,
  unit: string | undefined,
): OpenAIApiError {
  const noun = unit === 'items' ? 'array' : 'string';
  const actual = Array.isArray(value) || typeof value === 'string' ? value.length : 0;
  if (!tooLong && actual === 0) {
    return invalidRequest(
      `Invalid '${param}': empty ${noun}. Expected ${withArticle(noun)} with minimum length ${limit}, but got an empty ${noun} instead.`,
      { param, code: `empty_${noun}` },
    );
  }
  const direction = tooLong ? 'maximum' : 'minimum';
  return invalidRequest(
    `Invalid '${param}': ${noun} too ${tooLong ? 'long' : 'short'}. Expected ${withArticle(noun)} with ${direction} length ${limit}, but got ${withArticle(noun)} with length ${actual} instead.`,
    { param, code: `${noun}_${tooLong ? 'above_max' : 'below_min'}_length` },
  );
}

/** `/images/0/image_url` → `images[0].image_url`; the body itself → `null`. */
function parameterName(pointer: string): string | null {
  if (pointer === '') return null;
  let name = '';
  for (const segment of pointer.slice(1).split('/')) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    name += /^\d+$/.test(key) ? `[${key}]` : name === '' ? key : `.${key}`;
  }
  return name;
}

function joinParameter(parent: string | null, property: string): string {
  return parent === null ? property : `${parent}.${property}`;
}

function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let current = body;
  for (const segment of pointer.slice(1).split('/')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[
      segment.replaceAll('~1', '/').replaceAll('~0', '~')
    ];
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function withArticle(typeName: string): string {
  if (typeName === 'null') return 'null';
  return /^[aeiou]/.test(typeName) ? `an ${typeName}` : `a ${typeName}`;
}

function listWithArticles(typeNames: readonly string[]): string {
  const described = typeNames.map(withArticle);
  return described.length > 1 ? `one of ${listOf(described)}` : (described[0] ?? 'a value');
}
