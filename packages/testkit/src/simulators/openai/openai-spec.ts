import { OpenApiValidator, openaiImagesOpenapiDocument } from '../../specs/index.js';

/** The Images API operations the simulator serves, as the spec names their paths. */
export type OpenAIOperation = '/images/generations' | '/images/edits';

/** Validates request bodies and response objects against the OpenAI Images spec. */
export const openaiSpecValidator = new OpenApiValidator(openaiImagesOpenapiDocument);

type SchemaObject = Readonly<Record<string, unknown>>;

/**
 * The top-level properties of the schema an operation declares for a media type, e.g.
 * `CreateImageEditRequest`'s for `POST /images/edits` with `multipart/form-data`.
 */
export function operationProperties(
  operation: OpenAIOperation,
  mediaType: string,
): Readonly<Record<string, SchemaObject>> {
  const paths = openaiImagesOpenapiDocument.paths as Record<string, Record<string, SchemaObject>>;
  const content = (paths[operation]?.post?.requestBody as SchemaObject | undefined)?.content as
    | Record<string, { schema?: { $ref?: string } }>
    | undefined;
  const reference = content?.[mediaType]?.schema?.$ref ?? '';
  return (resolveReference(reference).properties ?? {}) as Record<string, SchemaObject>;
}

/** The JSON types a property schema allows, looking through `anyOf` branches and `$ref`s. */
export function propertyTypes(schema: SchemaObject): string[] {
  if (typeof schema.$ref === 'string') return propertyTypes(resolveReference(schema.$ref));
  const own = typeof schema.type === 'string' ? [schema.type] : [];
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as SchemaObject[]) : [];
  return [...own, ...branches.flatMap(branch => propertyTypes(branch))];
}

/** Whether a property schema takes a file upload (`format: binary`, alone or in an array). */
export function acceptsFile(schema: SchemaObject): boolean {
  if (typeof schema.$ref === 'string') return acceptsFile(resolveReference(schema.$ref));
  if (schema.format === 'binary') return true;
  if (typeof schema.items === 'object' && schema.items !== null) {
    if (acceptsFile(schema.items as SchemaObject)) return true;
  }
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as SchemaObject[]) : [];
  return branches.some(branch => acceptsFile(branch));
}

function resolveReference(reference: string): SchemaObject {
  const name = reference.slice(reference.lastIndexOf('/') + 1);
  return componentSchemas()[name] ?? {};
}

function componentSchemas(): Readonly<Record<string, SchemaObject>> {
  return (openaiImagesOpenapiDocument.components as SchemaObject).schemas as Record<
    string,
    SchemaObject
  >;
}
