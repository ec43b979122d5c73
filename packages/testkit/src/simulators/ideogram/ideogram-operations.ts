import {
  type IdeogramSchema,
  ideogramSpecValidator,
  postOperation,
  resolveSchema,
} from './ideogram-spec.js';

/** The Ideogram 3.0 operations the simulator serves. */
export type IdeogramOperationName =
  | 'generate'
  | 'edit'
  | 'remix'
  | 'reframe'
  | 'replace-background';

/**
 * How an operation picks the size it renders:
 * - `requested`: `resolution`, else the size of `aspect_ratio` (default `1x1`);
 * - `remix`: like `requested`, but without either it follows the input image's aspect ratio;
 * - `input`: the input image's own size.
 */
export type OutputSizing = 'requested' | 'remix' | 'input';

/** What the simulator knows of one operation; everything but `sizing` is read from the spec. */
export interface IdeogramOperation {
  readonly name: IdeogramOperationName;
  /** e.g. `/v1/ideogram-v3/generate`. */
  readonly path: string;
  /** The media types its body may have, e.g. `['multipart/form-data', 'application/json']`. */
  readonly contentTypes: readonly string[];
  /** The request schema's properties, `$ref`s resolved one level. */
  readonly properties: Readonly<Record<string, IdeogramSchema>>;
  /** The properties that carry files (`format: binary`, alone or as array items). */
  readonly fileFields: readonly string[];
  /** The status the spec documents for a refused key: 401, but 403 for remix. */
  readonly unauthorizedStatus: 401 | 403;
  /** Whether the body has a `prompt` (every operation but reframe). */
  readonly hasPrompt: boolean;
  readonly sizing: OutputSizing;
}

const sizings: Readonly<Record<IdeogramOperationName, OutputSizing>> = {
  generate: 'requested',
  edit: 'input',
  remix: 'remix',
  reframe: 'requested',
  'replace-background': 'input',
};

/** The five operations, by name. */
export const ideogramOperations: Readonly<Record<IdeogramOperationName, IdeogramOperation>> = {
  generate: describeOperation('generate'),
  edit: describeOperation('edit'),
  remix: describeOperation('remix'),
  reframe: describeOperation('reframe'),
  'replace-background': describeOperation('replace-background'),
};

/** The operation served at a request path, if any. */
export function findOperation(path: string): IdeogramOperation | undefined {
  return Object.values(ideogramOperations).find(operation => operation.path === path);
}

/** Whether a property schema takes a file (`format: binary`) or an array of files. */
export function takesFile(schema: IdeogramSchema): boolean {
  const resolved = resolveSchema(schema);
  if (resolved.format === 'binary') return true;
  const items = resolved.items as IdeogramSchema | undefined;
  return items !== undefined && resolveSchema(items).format === 'binary';
}

/** The JSON type a property schema declares (`string`, `integer`, `array`, …), if any. */
export function declaredType(schema: IdeogramSchema): string | undefined {
  const type = resolveSchema(schema).type;
  return typeof type === 'string' ? type : undefined;
}

function describeOperation(name: IdeogramOperationName): IdeogramOperation {
  const path = `/v1/ideogram-v3/${name}`;
  const operation = postOperation(path);
  const content = ((operation.requestBody as IdeogramSchema | undefined)?.content ?? {}) as Record<
    string,
    { readonly schema?: IdeogramSchema }
  >;
  const schema = resolveSchema(content['multipart/form-data']?.schema ?? {});
  const declared = (schema.properties ?? {}) as Record<string, IdeogramSchema>;
  const properties = Object.fromEntries(
    Object.entries(declared).map(([field, property]) => [field, resolveSchema(property)]),
  );
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  return {
    name,
    path,
    contentTypes: ideogramSpecValidator.contentTypes(path),
    properties,
    fileFields: Object.keys(properties).filter(field => takesFile(properties[field]!)),
    unauthorizedStatus: '401' in responses || !('403' in responses) ? 401 : 403,
    hasPrompt: 'prompt' in properties,
    sizing: sizings[name],
  };
}
