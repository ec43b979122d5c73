import { imagenPredictSchemaDocument } from '../../specs/documents/imagen-predict-schema.js';
import { JsonSchemaValidator } from '../../specs/spec-validator.js';
import type { ImagenAspectRatio, ImagenImageSize } from './imagen-output-sizes.js';
import { describePayloadProblem } from './payload-problem.js';

/** `parameters` of a `:predict` body that passed the schema. */
export interface ImagenPredictParameters {
  readonly sampleCount?: number;
  readonly aspectRatio?: ImagenAspectRatio;
  readonly sampleImageSize?: ImagenImageSize;
  readonly personGeneration?: string;
  readonly safetySetting?: string;
  readonly includeRaiReason?: boolean;
  readonly includeSafetyAttributes?: boolean;
  readonly language?: string;
  readonly guidanceScale?: number;
  readonly outputOptions?: {
    readonly mimeType?: 'image/png' | 'image/jpeg';
    readonly compressionQuality?: number;
  };
  readonly negativePrompt?: string;
  readonly seed?: number;
  readonly addWatermark?: boolean;
  readonly enhancePrompt?: boolean;
  readonly storageUri?: string;
}

/** A `:predict` body that passed the schema. */
export interface ImagenPredictRequest {
  /** `instances[0].prompt`. */
  readonly prompt: string;
  /** `parameters`, `{}` when absent, in the order sent. */
  readonly parameters: ImagenPredictParameters;
}

/** The outcome of reading a body: the request, or the first problem in Google's wording. */
export type ImagenPredictRequestReading =
  | { readonly request: ImagenPredictRequest }
  | { readonly problem: string };

interface SchemaShape {
  readonly [keyword: string]: unknown;
  readonly properties: {
    readonly [name: string]: unknown;
    readonly parameters: {
      readonly [keyword: string]: unknown;
      readonly properties: Readonly<Record<string, unknown>>;
    };
  };
}

let validator: JsonSchemaValidator | undefined;
let aliasedSchema: Readonly<Record<string, unknown>> | undefined;

/**
 * Reads a `:predict` body and validates it against the Imagen request schema. An empty body reads
 * as `{}`, as Google's front end does. Firebase's SDK sends `parameters.safetyFilterLevel` for
 * `safetySetting`, and Google takes it (reference §4.2), so it is accepted as an alias.
 */
export function readImagenPredictRequest(body: Buffer): ImagenPredictRequestReading {
  const text = body.toString('utf8');
  let payload: unknown = {};
  if (text.trim() !== '') {
    try {
      payload = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { problem: `Invalid JSON payload received. Unexpected token (${reason}).` };
    }
  }
  const aliased = replaceSafetyFilterLevel(payload);
  if ('problem' in aliased) return aliased;
  validator ??= new JsonSchemaValidator(imagenPredictSchemaDocument);
  const [violation] = validator.validate(aliased.payload);
  if (violation !== undefined) {
    const described = describePayloadProblem(schemaWithAlias(), payload);
    return {
      problem:
        described ??
        `Invalid JSON payload received. ${violation.path || 'The body'} ${violation.message}.`,
    };
  }
  const { instances, parameters = {} } = aliased.payload as {
    instances: [{ prompt: string }];
    parameters?: ImagenPredictParameters;
  };
  return { request: { prompt: instances[0].prompt, parameters } };
}

function replaceSafetyFilterLevel(
  payload: unknown,
): { readonly payload: unknown } | { readonly problem: string } {
  if (!isObject(payload) || !isObject(payload.parameters)) return { payload };
  const parameters = payload.parameters;
  if (!Object.hasOwn(parameters, 'safetyFilterLevel')) return { payload };
  if (Object.hasOwn(parameters, 'safetySetting')) {
    return {
      problem:
        'Invalid JSON payload received. parameters.safetyFilterLevel and parameters.safetySetting name the same setting; send only safetySetting.',
    };
  }
  const renamed = Object.entries(parameters).map(([name, value]) => [
    name === 'safetyFilterLevel' ? 'safetySetting' : name,
    value,
  ]);
  return { payload: { ...payload, parameters: Object.fromEntries(renamed) } };
}

/** The schema with `safetyFilterLevel` beside `safetySetting`, so its problems name it as sent. */
function schemaWithAlias(): Readonly<Record<string, unknown>> {
  if (aliasedSchema !== undefined) return aliasedSchema;
  const schema = imagenPredictSchemaDocument as SchemaShape;
  const parameters = schema.properties.parameters;
  aliasedSchema = {
    ...schema,
    properties: {
      ...schema.properties,
      parameters: {
        ...parameters,
        properties: {
          ...parameters.properties,
          safetyFilterLevel: parameters.properties.safetySetting,
        },
      },
    },
  };
  return aliasedSchema;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
