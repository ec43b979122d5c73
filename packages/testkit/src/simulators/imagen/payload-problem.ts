/** The JSON Schema keywords the Imagen request schema uses. */
interface SchemaNode {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: SchemaNode;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
}

type Location = readonly (string | number)[];

interface Problem {
  /** Problems Google's JSON parser finds (unknown names, wrong types, enums) come first. */
  readonly parsing: boolean;
  readonly message: string;
}

const largestInt32 = 2 ** 31 - 1;
const renderedValueLength = 100;

/**
 * Describes the first way a JSON value breaks a JSON Schema, in Google's wording: parser
 * problems first (`Invalid JSON payload received. Unknown name "numberOfImages" at 'parameters':
 * Cannot find field.`, `Invalid value at 'parameters.aspect_ratio' (TYPE_STRING), "2:1"…`), then
 * value problems (`parameters.sampleCount must be between 1 and 4, got 5.`), each group in the
 * order the body lists its fields. Handles the keywords of the Imagen request schema only.
 *
 * @returns `undefined` when no problem is found.
 */
export function describePayloadProblem(
  schema: Readonly<Record<string, unknown>>,
  value: unknown,
): string | undefined {
  const problems: Problem[] = [];
  collectProblems(schema as SchemaNode, value, [], problems);
  return (problems.find(problem => problem.parsing) ?? problems[0])?.message;
}

function collectProblems(
  node: SchemaNode,
  value: unknown,
  location: Location,
  problems: Problem[],
): void {
  if (node.enum !== undefined) {
    if (!node.enum.includes(value)) problems.push(invalidEnum(node.enum, value, location));
    return;
  }
  if (!matchesType(node.type, value)) {
    problems.push(invalidType(node, value, location));
    return;
  }
  if (isObject(value)) collectObjectProblems(node, value, location, problems);
  else if (Array.isArray(value)) collectArrayProblems(node, value, location, problems);
  else if (typeof value === 'string') {
    const { minLength } = node;
    if (minLength !== undefined && value.length < minLength) {
      const wanted = minLength === 1 ? 'must not be empty' : `must be at least ${minLength} long`;
      problems.push({ parsing: false, message: `${fieldPath(location)} ${wanted}.` });
    }
  } else if (typeof value === 'number') {
    const { minimum, maximum } = node;
    if ((minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum)) {
      const range =
        minimum === undefined
          ? `at most ${maximum}`
          : maximum === undefined
            ? `at least ${minimum}`
            : `between ${minimum} and ${maximum}`;
      problems.push({
        parsing: false,
        message: `${fieldPath(location)} must be ${range}, got ${value}.`,
      });
    }
  }
}

function collectObjectProblems(
  node: SchemaNode,
  value: Readonly<Record<string, unknown>>,
  location: Location,
  problems: Problem[],
): void {
  const properties = node.properties ?? {};
  for (const [key, entry] of Object.entries(value)) {
    const child = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (child !== undefined) collectProblems(child, entry, [...location, key], problems);
    else if (node.additionalProperties === false) problems.push(unknownName(key, location));
  }
  for (const key of node.required ?? []) {
    if (!Object.hasOwn(value, key)) {
      problems.push({
        parsing: false,
        message: `Required field ${fieldPath([...location, key])} is missing.`,
      });
    }
  }
}

function collectArrayProblems(
  node: SchemaNode,
  value: readonly unknown[],
  location: Location,
  problems: Problem[],
): void {
  const { minItems = 0, maxItems = Number.POSITIVE_INFINITY } = node;
  if (value.length < minItems || value.length > maxItems) {
    const count =
      minItems === maxItems
        ? `exactly ${minItems}`
        : maxItems === Number.POSITIVE_INFINITY
          ? `at least ${minItems}`
          : `between ${minItems} and ${maxItems}`;
    const noun = minItems === 1 && maxItems === 1 ? 'item' : 'items';
    problems.push({
      parsing: false,
      message: `${fieldPath(location)} must hold ${count} ${noun}, got ${value.length}.`,
    });
  }
  if (node.items === undefined) return;
  for (const [index, item] of value.entries()) {
    collectProblems(node.items, item, [...location, index], problems);
  }
}

function unknownName(name: string, location: Location): Problem {
  const where = location.length === 0 ? '' : ` at '${protoPath(location)}'`;
  return {
    parsing: true,
    message: `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}${where}: Cannot find field.`,
  };
}

function invalidEnum(allowed: readonly unknown[], value: unknown, location: Location): Problem {
  const values = allowed.map(entry => JSON.stringify(entry)).join(', ');
  return {
    parsing: true,
    message: `Invalid value at '${protoPath(location)}' (TYPE_STRING), ${render(value)}. Supported values: ${values}.`,
  };
}

function invalidType(node: SchemaNode, value: unknown, location: Location): Problem {
  if (location.length === 0) {
    return {
      parsing: true,
      message: 'Invalid JSON payload received. Root element must be a message.',
    };
  }
  return {
    parsing: true,
    message: `Invalid value at '${protoPath(location)}' (${typeLabel(node)}), ${render(value)}`,
  };
}

function typeLabel(node: SchemaNode): string {
  switch (node.type) {
    case 'integer':
      return (node.maximum ?? 0) > largestInt32 ? 'TYPE_UINT32' : 'TYPE_INT32';
    case 'number':
      return 'TYPE_FLOAT';
    case 'boolean':
      return 'TYPE_BOOL';
    case 'string':
      return 'TYPE_STRING';
    case 'array':
      return `repeated ${node.items === undefined ? 'TYPE_MESSAGE' : typeLabel(node.items)}`;
    default:
      return 'TYPE_MESSAGE';
  }
}

function matchesType(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field path as Google's JSON parser names it: snake_case, e.g. `parameters.aspect_ratio`. */
function protoPath(location: Location): string {
  return joinPath(location, name => name.replace(/[A-Z]/g, letter => `_${letter.toLowerCase()}`));
}

/** The field path as sent, e.g. `parameters.sampleCount`, `instances[0].prompt`. */
function fieldPath(location: Location): string {
  return joinPath(location, name => name);
}

function joinPath(location: Location, rename: (name: string) => string): string {
  return location.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return path === '' ? rename(segment) : `${path}.${rename(segment)}`;
  }, '');
}

function render(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > renderedValueLength ? `${text.slice(0, renderedValueLength)}…` : text;
}
