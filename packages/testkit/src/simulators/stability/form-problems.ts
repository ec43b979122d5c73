/** The keywords of one field in the SD3 request schema. */
interface FieldSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** `if mode is X then require these and refuse those`, as the SD3 request schema states it. */
interface ConditionalSchema {
  readonly if?: {
    readonly properties?: Readonly<Record<string, { readonly const?: unknown }>>;
    readonly required?: readonly string[];
  };
  readonly then?: {
    readonly required?: readonly string[];
    readonly not?: { readonly required?: readonly string[] };
  };
}

/** The keywords of the SD3 request schema this module reads. */
export interface FormSchema {
  readonly properties: Readonly<Record<string, FieldSchema>>;
  readonly required?: readonly string[];
  readonly allOf?: readonly ConditionalSchema[];
}

const decimalNumber = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const renderedValueLength = 60;

/**
 * Describes every way multipart fields break a flat form schema, one message per problem in
 * Stability's `"<field>: <problem>"` style: each field's value in the order sent (enum, number,
 * range, length), then missing required fields, then the conditional rules of `allOf`
 * (`"strength: is required when mode is image-to-image"`,
 * `"aspect_ratio: cannot be used when mode is image-to-image"`).
 *
 * Fields arrive as text: a `number` is a decimal numeral (`0.5`, `1e-1`), an `integer` one without
 * a fraction. Lengths count Unicode code points, as JSON Schema does.
 *
 * @param fields The fields sent, by name; every name must be a schema property.
 * @param absent Names to treat as not sent for the required rules (already refused otherwise).
 */
export function describeFormProblems(
  schema: FormSchema,
  fields: Readonly<Record<string, string>>,
  absent: ReadonlySet<string> = new Set(),
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const problem = describeValueProblem(name, schema.properties[name] ?? {}, value);
    if (problem !== undefined) problems.push(problem);
  }
  const isSent = (name: string) => Object.hasOwn(fields, name) || absent.has(name);
  for (const name of schema.required ?? []) {
    if (!isSent(name)) problems.push(`${name}: is required`);
  }
  for (const conditional of schema.allOf ?? []) {
    const condition = describeCondition(conditional, fields);
    if (condition === undefined) continue;
    for (const name of conditional.then?.required ?? []) {
      if (!isSent(name)) problems.push(`${name}: is required when ${condition}`);
    }
    const refused = conditional.then?.not?.required ?? [];
    if (refused.length > 0 && refused.every(name => Object.hasOwn(fields, name))) {
      problems.push(`${refused.join(', ')}: cannot be used when ${condition}`);
    }
  }
  return problems;
}

function describeValueProblem(
  name: string,
  schema: FieldSchema,
  value: string,
): string | undefined {
  if (schema.enum !== undefined) {
    return schema.enum.includes(value)
      ? undefined
      : `${name}: must be one of ${schema.enum.join(', ')}; got ${render(value)}`;
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    return describeNumberProblem(name, schema, value);
  }
  if (schema.type === 'string') {
    const length = [...value].length;
    const { minLength = 0, maxLength = Number.POSITIVE_INFINITY } = schema;
    if (length < minLength) {
      return minLength === 1
        ? `${name}: cannot be empty`
        : `${name}: must be at least ${minLength} characters, got ${length}`;
    }
    if (length > maxLength)
      return `${name}: must be at most ${maxLength} characters, got ${length}`;
  }
  return undefined;
}

function describeNumberProblem(
  name: string,
  schema: FieldSchema,
  text: string,
): string | undefined {
  const value = Number(text);
  const integer = schema.type === 'integer';
  if (!decimalNumber.test(text) || (integer && !Number.isInteger(value))) {
    return `${name}: must be ${integer ? 'an integer' : 'a number'}; got ${render(text)}`;
  }
  const { minimum, maximum } = schema;
  if ((minimum === undefined || value >= minimum) && (maximum === undefined || value <= maximum)) {
    return undefined;
  }
  const range =
    minimum === undefined
      ? `at most ${maximum}`
      : maximum === undefined
        ? `at least ${minimum}`
        : `between ${minimum} and ${maximum}`;
  return `${name}: must be ${range}; got ${text}`;
}

/** `"mode is image-to-image"` when the conditional applies to the fields, else `undefined`. */
function describeCondition(
  conditional: ConditionalSchema,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  const constants = Object.entries(conditional.if?.properties ?? {});
  if (constants.length === 0) return undefined;
  for (const [name, { const: expected }] of constants) {
    const sent = Object.hasOwn(fields, name);
    const required = conditional.if?.required?.includes(name) ?? false;
    if ((required && !sent) || (sent && fields[name] !== expected)) return undefined;
  }
  return constants
    .map(([name, { const: expected }]) => `${name} is ${String(expected)}`)
    .join(' and ');
}

function render(value: string): string {
  const text = JSON.stringify(value);
  return text.length > renderedValueLength ? `${text.slice(0, renderedValueLength)}…` : text;
}
