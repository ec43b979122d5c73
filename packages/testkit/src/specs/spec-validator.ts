import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { MultipartPart } from '../simulator/multipart-parser.js';
import type { SimulatorRequest } from '../simulator/simulator-request.js';

/** One way a value breaks its schema. */
export interface SpecViolation {
  /** JSON pointer into the value, `''` for the value itself. */
  readonly path: string;
  readonly message: string;
}

/** A request body as a spec sees it. */
export interface SpecRequestBody {
  /** Media type without parameters, e.g. `application/json`, `multipart/form-data`. */
  readonly contentType: string;
  /** The parsed body: JSON as is; multipart as an object (see `multipartToObject`). */
  readonly body: unknown;
}

type Document = Readonly<Record<string, unknown>>;

const formats = {
  binary: true,
  byte: true,
  unixtime: true,
  'date-time': (value: string) => !Number.isNaN(Date.parse(value)),
  uri: (value: string) => URL.canParse(value),
} as const;

function createAjv(dialect: '2020-12' | 'draft-07', coerce: boolean): Ajv {
  const options = {
    strict: false,
    allErrors: true,
    validateFormats: true,
    formats,
    coerceTypes: coerce ? ('array' as const) : false,
  };
  return dialect === '2020-12' ? new Ajv2020(options) : new Ajv(options);
}

/**
 * A copy without boolean `nullable` flags. In OpenAPI 3.1 `nullable` is not a keyword (null is a
 * type), but 3.1 documents still carry it from 3.0, where ajv would reject it next to `anyOf`.
 */
function withoutNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullable);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'nullable' && typeof entry === 'boolean') continue;
    copy[key] = withoutNullable(entry);
  }
  return copy;
}

function toViolations(errors: readonly ErrorObject[] | null | undefined): SpecViolation[] {
  return (errors ?? []).map(error => {
    const params = error.params as Record<string, unknown>;
    const detail =
      error.keyword === 'enum'
        ? ` (${(params.allowedValues as unknown[]).map(value => JSON.stringify(value)).join(', ')})`
        : error.keyword === 'additionalProperties'
          ? ` ("${String(params.additionalProperty)}")`
          : '';
    return { path: error.instancePath, message: `${error.message ?? error.keyword}${detail}` };
  });
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/**
 * Validates request bodies against an OpenAPI document (3.0 with `nullable`, or 3.1), operation by
 * operation. Multipart bodies are validated with type coercion, since every multipart field
 * arrives as text.
 */
export class OpenApiValidator {
  readonly #document: Document;
  readonly #strict: Ajv;
  readonly #coercing: Ajv;
  readonly #cache = new Map<string, ValidateFunction>();

  constructor(document: Document) {
    const dialect = String(document.openapi ?? '').startsWith('3.1') ? '2020-12' : 'draft-07';
    this.#document = document;
    this.#strict = createAjv(dialect, false);
    this.#coercing = createAjv(dialect, true);
    const schema = (dialect === '2020-12' ? withoutNullable(document) : document) as AnySchema;
    for (const ajv of [this.#strict, this.#coercing]) ajv.addSchema(schema, 'document');
  }

  /** The content types an operation accepts, e.g. `['multipart/form-data', 'application/json']`. */
  contentTypes(operation: string, method = 'post'): string[] {
    return Object.keys(this.#operation(operation, method).requestBody?.content ?? {});
  }

  /** Validate a request body; an unknown operation or content type is itself a violation. */
  validateRequest(operation: string, request: SpecRequestBody, method = 'post'): SpecViolation[] {
    const type = mediaType(request.contentType);
    const content = this.#operation(operation, method).requestBody?.content ?? {};
    if (!(type in content)) {
      return [
        {
          path: '',
          message: `${method.toUpperCase()} ${operation} does not accept ${type}; it accepts ${Object.keys(content).join(', ')}`,
        },
      ];
    }
    const pointer = `document#/paths/${operation.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/requestBody/content/${type.replaceAll('/', '~1')}/schema`;
    return this.#validate(pointer, request.body, type === 'multipart/form-data');
  }

  /** Validate a value against `components.schemas.<name>`. */
  validateSchema(name: string, value: unknown): SpecViolation[] {
    return this.#validate(`document#/components/schemas/${name}`, value, false);
  }

  #operation(
    operation: string,
    method: string,
  ): { requestBody?: { content?: Record<string, unknown> } } {
    const paths = (this.#document.paths ?? {}) as Record<string, Record<string, unknown>>;
    const found = paths[operation]?.[method];
    if (found === undefined)
      throw new TypeError(`the spec has no ${method.toUpperCase()} ${operation}`);
    return found as { requestBody?: { content?: Record<string, unknown> } };
  }

  #validate(pointer: string, value: unknown, coerce: boolean): SpecViolation[] {
    const key = `${coerce}:${pointer}`;
    let validate = this.#cache.get(key);
    if (validate === undefined) {
      const ajv = coerce ? this.#coercing : this.#strict;
      validate = ajv.compile({ $ref: pointer });
      this.#cache.set(key, validate);
    }
    const candidate = coerce ? structuredClone(value) : value;
    return validate(candidate) ? [] : toViolations(validate.errors);
  }
}

/** Validates values against a plain JSON Schema (2020-12). */
export class JsonSchemaValidator {
  readonly #validate: ValidateFunction;
  readonly #coercing: ValidateFunction;

  constructor(schema: Document) {
    const { $id: _ignored, ...rest } = schema;
    this.#validate = createAjv('2020-12', false).compile(rest);
    this.#coercing = createAjv('2020-12', true).compile(rest);
  }

  /** Violations of `value`; `coerce` for multipart bodies, whose fields arrive as text. */
  validate(value: unknown, options: { coerce?: boolean } = {}): SpecViolation[] {
    const validate = options.coerce ? this.#coercing : this.#validate;
    const candidate = options.coerce ? structuredClone(value) : value;
    return validate(candidate) ? [] : toViolations(validate.errors);
  }
}

/**
 * A multipart body as the object a spec describes: repeated names (and `name[]`) become arrays,
 * files become a `<binary …>` placeholder, parts sent as `application/json` are parsed, other
 * text stays text (coerced by the validator where the schema wants numbers or booleans).
 */
export function multipartToObject(parts: readonly MultipartPart[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const part of parts) {
    const name = part.name.endsWith('[]') ? part.name.slice(0, -2) : part.name;
    let value: unknown;
    if (part.filename !== undefined)
      value = `<binary ${part.filename} ${part.data.byteLength} bytes>`;
    else if (part.contentType !== undefined && mediaType(part.contentType) === 'application/json') {
      try {
        value = JSON.parse(part.text());
      } catch {
        value = part.text();
      }
    } else value = part.text();
    if (name in object || part.name.endsWith('[]')) {
      const existing = object[name];
      object[name] =
        existing === undefined
          ? [value]
          : Array.isArray(existing)
            ? [...existing, value]
            : [existing, value];
    } else object[name] = value;
  }
  return object;
}

/** The body of a recorded simulator request, as a spec sees it. */
export function specRequestBody(
  request: Pick<SimulatorRequest, 'headers' | 'json' | 'multipart'>,
): SpecRequestBody {
  const contentType = mediaType(request.headers['content-type'] ?? '');
  if (contentType === 'multipart/form-data')
    return { contentType, body: multipartToObject(request.multipart()) };
  return { contentType, body: request.json() };
}
