// Client-side checks that mirror the input schema (the subset of JSON Schema 2020-12 the models'
// schemas use), so the form can point at a field before anything is sent. The gateway remains
// the authority: its `invalid_input` issues are shown next to the fields too.
import type { JsonSchema } from './api-types.js';

/** The first problem of `value` against `schema`, as a short sentence, or undefined when valid. */
export function validateValue(schema: JsonSchema, value: unknown): string | undefined {
  return problemOf(schema, value, '');
}

function problemOf(schema: JsonSchema, value: unknown, at: string): string | undefined {
  const prefix = at === '' ? '' : `${at}: `;
  if (schema.not !== undefined && problemOf(schema.not, value, at) === undefined) {
    return `${prefix}this value is not allowed`;
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches !== undefined) {
    const problems = branches.map(branch => problemOf(branch, value, at));
    if (!problems.includes(undefined)) {
      // Report the one alternative the value comes closest to, if there is one.
      const scores = branches.map(branch => closeness(branch, value));
      const best = Math.max(...scores);
      const closest = scores.flatMap((score, index) => (score === best ? [index] : []));
      return closest.length === 1
        ? problems[closest[0]!]
        : `${prefix}${describeAlternatives(branches)}`;
    }
  }
  if (schema.const !== undefined && !sameJson(schema.const, value)) {
    return `${prefix}must be ${JSON.stringify(schema.const)}`;
  }
  if (schema.enum !== undefined && !schema.enum.some(option => sameJson(option, value))) {
    return `${prefix}must be one of ${schema.enum.map(option => String(option)).join(', ')}`;
  }
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length > 0 && !types.some(type => hasType(value, type))) {
    return `${prefix}must be ${types.map(article).join(' or ')}`;
  }
  if (typeof value === 'string') return stringProblem(schema, value, prefix);
  if (typeof value === 'number') return numberProblem(schema, value, prefix);
  if (Array.isArray(value)) return arrayProblem(schema, value, at, prefix);
  if (typeof value === 'object' && value !== null) {
    return objectProblem(schema, value as Record<string, unknown>, at, prefix);
  }
  return undefined;
}

function stringProblem(schema: JsonSchema, value: string, prefix: string): string | undefined {
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    return schema.minLength === 1
      ? `${prefix}must not be empty`
      : `${prefix}must be at least ${schema.minLength} characters`;
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return `${prefix}must be at most ${schema.maxLength} characters (is ${length})`;
  }
  if (schema.pattern !== undefined && !patternOf(schema.pattern).test(value)) {
    return `${prefix}must match ${schema.pattern}`;
  }
  if (schema.format === 'uri' && !URL.canParse(value)) {
    return `${prefix}must be an absolute URL`;
  }
  return undefined;
}

function numberProblem(schema: JsonSchema, value: number, prefix: string): string | undefined {
  if (schema.minimum !== undefined && value < schema.minimum) {
    return `${prefix}must be at least ${schema.minimum}`;
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    return `${prefix}must be at most ${schema.maximum}`;
  }
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
    return `${prefix}must be more than ${schema.exclusiveMinimum}`;
  }
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
    return `${prefix}must be less than ${schema.exclusiveMaximum}`;
  }
  if (schema.multipleOf !== undefined) {
    const quotient = value / schema.multipleOf;
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) {
      return `${prefix}must be a multiple of ${schema.multipleOf}`;
    }
  }
  return undefined;
}

function arrayProblem(
  schema: JsonSchema,
  value: readonly unknown[],
  at: string,
  prefix: string,
): string | undefined {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    return `${prefix}needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`;
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    return `${prefix}takes at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'}`;
  }
  if (schema.items === undefined) return undefined;
  for (const [index, item] of value.entries()) {
    const problem = problemOf(schema.items, item, `${at}[${index}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function objectProblem(
  schema: JsonSchema,
  value: Readonly<Record<string, unknown>>,
  at: string,
  prefix: string,
): string | undefined {
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) return `${prefix}${name} is required`;
  }
  for (const [name, item] of Object.entries(value)) {
    const property = schema.properties?.[name];
    const path = at === '' ? name : `${at}.${name}`;
    if (property === undefined) {
      if (schema.additionalProperties === false) return `${prefix}unknown field ${name}`;
      continue;
    }
    const problem = problemOf(property, item, path);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** How well a value fits an alternative's shape: its type, then its required properties. */
function closeness(schema: JsonSchema, value: unknown): number {
  if (schema.not !== undefined) return -1;
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length > 0 && !types.some(type => hasType(value, type))) return 0;
  const required = schema.required ?? [];
  const present =
    typeof value === 'object' && value !== null && required.every(name => name in value);
  return present && required.length > 0 ? 2 : 1;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function article(type: string): string {
  if (type === 'integer') return 'a whole number';
  if (type === 'array') return 'a list';
  if (type === 'object') return 'an object';
  if (type === 'null') return 'null';
  return `a ${type}`;
}

function describeAlternatives(branches: readonly JsonSchema[]): string {
  const forms = branches
    .filter(branch => branch.not === undefined)
    .map(branch => {
      if (branch.const !== undefined) return JSON.stringify(branch.const);
      if (branch.enum !== undefined) return `one of ${branch.enum.join(', ')}`;
      if (branch.pattern !== undefined) return `text matching ${branch.pattern}`;
      const type = [branch.type ?? 'value'].flat()[0]!;
      return article(type);
    });
  return `must be ${forms.join(', or ')}`;
}

function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    // JSON Schema patterns are ECMA-262 with the `u` flag; a few older ones only compile without.
    try {
      pattern = new RegExp(source, 'u');
    } catch {
      pattern = new RegExp(source);
    }
    patterns.set(source, pattern);
  }
  return pattern;
}

/**
 * A small example value that satisfies `schema`, used as the placeholder of fields edited as
 * JSON (e.g. `{"name": "EMBER"}` for Ideogram's `color_palette`).
 */
export function exampleOf(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const branch = (schema.anyOf ?? schema.oneOf)?.find(candidate => candidate.not === undefined);
  if (branch !== undefined) return exampleOf(branch);
  const type = [schema.type ?? 'string'].flat()[0];
  switch (type) {
    case 'object': {
      const example: Record<string, unknown> = {};
      for (const name of schema.required ?? Object.keys(schema.properties ?? {}).slice(0, 1)) {
        const property = schema.properties?.[name];
        if (property !== undefined) example[name] = exampleOf(property);
      }
      return example;
    }
    case 'array':
      return schema.items === undefined ? [] : [exampleOf(schema.items)];
    case 'integer':
    case 'number':
      return schema.minimum ?? schema.exclusiveMinimum ?? 0;
    case 'boolean':
      return true;
    default:
      return schema.format === 'uri' ? 'https://example.com/' : '';
  }
}
