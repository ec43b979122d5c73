import type { MultipartPart, SimulatorRequest } from '../../simulator/index.js';
import { multipartToObject } from '../../specs/index.js';
import { invalidRequest, unknownParameter } from './openai-api-error.js';
import {
  acceptsFile,
  type OpenAIOperation,
  openaiSpecValidator,
  operationProperties,
  propertyTypes,
} from './openai-spec.js';
import { specViolationError } from './spec-violation-error.js';

/** A request body that passed the spec: fields without nulls, multipart text coerced to its type. */
export type RequestBody =
  | { readonly kind: 'json'; readonly fields: Readonly<Record<string, unknown>> }
  | {
      readonly kind: 'multipart';
      readonly fields: Readonly<Record<string, unknown>>;
      /** The parts as sent, files included. */
      readonly parts: readonly MultipartPart[];
    };

const unparsableJson =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

/**
 * Reads a request body and holds it to the spec operation, the way OpenAI does: a content type the
 * operation does not accept, a body that does not parse, a field the schema does not know or a
 * value that breaks the schema each throw the matching `OpenAIApiError`.
 */
export function readRequestBody(
  request: SimulatorRequest,
  operation: OpenAIOperation,
): RequestBody {
  const contentType = request.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const accepted = openaiSpecValidator.contentTypes(operation);
  if (!accepted.includes(mediaType)) {
    throw invalidRequest(
      `Invalid Content-Type header (${contentType}), expected ${accepted.join(' or ')}.`,
    );
  }
  const properties = operationProperties(operation, mediaType);

  let parts: MultipartPart[] | undefined;
  let body: unknown;
  if (mediaType === 'multipart/form-data') {
    try {
      parts = request.multipart();
    } catch {
      throw invalidRequest('Could not parse multipart form.');
    }
    body = multipartToObject(parts);
  } else {
    try {
      body = request.json();
    } catch {
      throw invalidRequest(unparsableJson);
    }
  }

  if (isRecord(body)) {
    body = withoutNullableNulls(body, properties);
    for (const name of Object.keys(body as Record<string, unknown>)) {
      if (!Object.hasOwn(properties, name)) throw unknownParameter(name);
    }
  }
  for (const part of parts ?? []) {
    const name = part.name.endsWith('[]') ? part.name.slice(0, -2) : part.name;
    if (part.filename !== undefined && !acceptsFile(properties[name] ?? {})) {
      throw invalidRequest(
        `Invalid type for '${name}': expected a string, but got a file instead.`,
        {
          param: name,
          code: 'invalid_type',
        },
      );
    }
  }
  const violations = openaiSpecValidator.validateRequest(operation, {
    contentType: mediaType,
    body,
  });
  if (violations.length > 0) throw specViolationError(violations, body);

  const fields = withoutNulls(body as Record<string, unknown>);
  if (parts === undefined) return { kind: 'json', fields };
  return { kind: 'multipart', fields: coerceText(fields, properties), parts };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The spec marks optional fields `nullable: true`, an OpenAPI 3.0 flag that 3.1 validators ignore;
 * OpenAI accepts `null` for them, so they are dropped before validation.
 */
function withoutNullableNulls(
  body: Record<string, unknown>,
  properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([name, value]) => !(value === null && properties[name]?.nullable === true),
    ),
  );
}

function withoutNulls(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}

/** Multipart fields arrive as text; the validator only checked that they read as their type. */
function coerceText(
  fields: Readonly<Record<string, unknown>>,
  properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): Record<string, unknown> {
  const coerced: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const types = propertyTypes(properties[name] ?? {});
    if (typeof value !== 'string' || types.includes('string')) coerced[name] = value;
    else if (types.includes('integer') || types.includes('number')) coerced[name] = Number(value);
    else if (types.includes('boolean')) coerced[name] = value === 'true';
    else coerced[name] = value;
  }
  return coerced;
}
