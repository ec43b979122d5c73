import type { MultipartPart, SimulatorRequest } from '../../simulator/index.js';
import { multipartToObject } from '../../specs/index.js';
import { badRequest, problem } from './ideogram-api-error.js';
import { declaredType, type IdeogramOperation } from './ideogram-operations.js';
import { ideogramSpecValidator } from './ideogram-spec.js';
import { specViolationDetail } from './spec-violation-detail.js';

/** A body that passed the spec, split into typed fields and uploaded files. */
export interface IdeogramRequest {
  /** Every non-file field, typed as the schema declares it (multipart text coerced). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The bytes of every file part, by field, in the order sent; empty for a JSON body. */
  readonly files: ReadonlyMap<string, readonly Buffer[]>;
}

const multipart = 'multipart/form-data';
const json = 'application/json';
const colorPalette = 'color_palette';

/**
 * Reads a request body and holds it to the operation's schema:
 * - the media type must be one the spec lists (else 415);
 * - the body must parse; a JSON body must be an object;
 * - every field must be one the schema declares (stricter than the spec, whose schemas are open,
 *   so that legacy names like `magic_prompt_option` or `style_reference_images[0]` fail loudly);
 * - files only in file fields, and only in multipart bodies; `color_palette` in multipart is JSON,
 *   sent either as an `application/json` part (with or without a file name) or as a text part;
 * - the result must validate against the spec.
 *
 * @throws IdeogramApiError 400 (or 415) naming the field.
 */
export function readIdeogramRequest(
  request: SimulatorRequest,
  operation: IdeogramOperation,
): IdeogramRequest {
  const contentType = request.headers['content-type'] ?? '';
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (!operation.contentTypes.includes(mediaType)) {
    throw problem(
      415,
      `Invalid Content-Type (${contentType || 'none'}): ${operation.path} accepts ${operation.contentTypes.join(' or ')}.`,
    );
  }
  const { body, files } =
    mediaType === multipart ? readMultipart(request, operation) : readJson(request, operation);
  const violations = ideogramSpecValidator.validateRequest(operation.path, {
    contentType: mediaType,
    body,
  });
  if (violations.length > 0) throw badRequest(specViolationDetail(violations));
  return {
    fields: mediaType === multipart ? coerceText(body, operation) : body,
    files,
  };
}

type ReadBody = { body: Record<string, unknown>; files: Map<string, Buffer[]> };

function readJson(request: SimulatorRequest, operation: IdeogramOperation): ReadBody {
  let body: unknown;
  try {
    body = request.json();
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter(field => !(field in operation.properties));
  if (unknown.length > 0) {
    throw badRequest(
      `Additional properties are not allowed (${unknown.map(field => `'${field}'`).join(', ')} ${unknown.length === 1 ? 'was' : 'were'} unexpected).`,
    );
  }
  const file = operation.fileFields.find(field => field in record);
  if (file !== undefined) {
    throw badRequest(`'${file}' is a file: send it in a ${multipart} request.`);
  }
  return { body: record, files: new Map() };
}

function readMultipart(request: SimulatorRequest, operation: IdeogramOperation): ReadBody {
  let parts: MultipartPart[];
  try {
    parts = request.multipart();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw badRequest(
      `The multipart body could not be parsed: ${reason.replace(/^.*parseMultipart: /, '')}`,
    );
  }
  const unknown = [
    ...new Set(parts.map(part => part.name).filter(name => !(name in operation.properties))),
  ];
  if (unknown.length > 0) {
    throw badRequest(`Extra formData parameter(s) ${unknown.join(', ')} not in spec.`);
  }
  const files = new Map<string, Buffer[]>();
  const textParts: MultipartPart[] = [];
  const palettes: unknown[] = [];
  for (const part of parts) {
    if (operation.fileFields.includes(part.name)) {
      files.set(part.name, [...(files.get(part.name) ?? []), part.data]);
    } else if (part.name === colorPalette) {
      palettes.push(readColorPalette(part));
    } else if (part.filename !== undefined) {
      throw badRequest(`'${part.name}' must be a text field, not a file.`);
    } else {
      textParts.push(part);
    }
  }
  const body = multipartToObject(textParts);
  for (const [field, data] of files) {
    if (declaredType(operation.properties[field] ?? {}) === 'array') {
      body[field] = data.map(describeFile);
    } else if (data.length > 1) {
      throw badRequest(`'${field}' takes one file, got ${data.length}.`);
    } else {
      body[field] = describeFile(data[0]!);
    }
  }
  if (palettes.length > 0) body[colorPalette] = palettes.length === 1 ? palettes[0] : palettes;
  return { body, files };
}

function readColorPalette(part: MultipartPart): unknown {
  const mediaType = part.contentType?.split(';', 1)[0]?.trim().toLowerCase();
  const isText =
    part.filename === undefined && (mediaType === undefined || mediaType === 'text/plain');
  if (mediaType !== json && !isText) {
    throw badRequest(
      `'${colorPalette}' must be JSON: an ${json} part or a text part, not ${mediaType ?? 'a file'}.`,
    );
  }
  try {
    return JSON.parse(part.text()) as unknown;
  } catch {
    throw badRequest(`'${colorPalette}' is not valid JSON.`);
  }
}

function describeFile(data: Buffer): string {
  return `<binary ${data.byteLength} bytes>`;
}

/** Multipart fields arrive as text; the validator has checked that they read as their type. */
function coerceText(
  body: Readonly<Record<string, unknown>>,
  operation: IdeogramOperation,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (operation.fileFields.includes(field)) continue;
    const type = declaredType(operation.properties[field] ?? {});
    if (typeof value === 'string' && (type === 'integer' || type === 'number')) {
      fields[field] = Number(value);
    } else if (type === 'array' && !Array.isArray(value)) {
      fields[field] = [value];
    } else {
      fields[field] = value;
    }
  }
  return fields;
}
