import { ideogramV3OpenapiDocument, OpenApiValidator } from '../../specs/index.js';

/** A schema object of the Ideogram document, as loosely as the simulator reads it. */
export type IdeogramSchema = Readonly<Record<string, unknown>>;

/** Validates request bodies and response objects against the embedded Ideogram V3 spec. */
export const ideogramSpecValidator = new OpenApiValidator(ideogramV3OpenapiDocument);

/** `components.schemas.<name>`, with an empty schema for a name the spec lacks. */
export function componentSchema(name: string): IdeogramSchema {
  const components = ideogramV3OpenapiDocument.components as
    | { readonly schemas?: Readonly<Record<string, IdeogramSchema>> }
    | undefined;
  return components?.schemas?.[name] ?? {};
}

/** Follows a local `$ref` (`#/components/schemas/<name>`) once; other schemas come back as they are. */
export function resolveSchema(schema: IdeogramSchema): IdeogramSchema {
  const reference = schema.$ref;
  if (typeof reference !== 'string') return schema;
  return componentSchema(reference.slice(reference.lastIndexOf('/') + 1));
}

/** The `enum` of a component schema, e.g. the 69 `ResolutionV3` values. */
export function componentEnum(name: string): readonly string[] {
  const values = componentSchema(name).enum;
  return Array.isArray(values) ? values.filter(value => typeof value === 'string') : [];
}

/** The `post` operation object of a path, e.g. `/v1/ideogram-v3/remix`. */
export function postOperation(path: string): IdeogramSchema {
  const paths = ideogramV3OpenapiDocument.paths as Readonly<
    Record<string, Readonly<Record<string, IdeogramSchema>>>
  >;
  return paths[path]?.post ?? {};
}
