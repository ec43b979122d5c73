type JsonSchema = Readonly<Record<string, unknown>>;

function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (schema === undefined) return types;
  const type = schema.type;
  if (typeof type === 'string') types.add(type);
  if (Array.isArray(type)) for (const item of type) if (typeof item === 'string') types.add(item);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) {
      for (const branch of branches)
        for (const item of typesOf(branch as JsonSchema)) types.add(item);
    }
  }
  if (schema.const !== undefined) types.add(typeof schema.const);
  if (Array.isArray(schema.enum)) for (const item of schema.enum) types.add(typeof item);
  return types;
}

function coerceOne(value: string, schema: JsonSchema | undefined): unknown {
  const types = typesOf(schema);
  if (types.has('string')) return value;
  if ((types.has('integer') || types.has('number')) && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value.trim());
  }
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.has('null') && value === 'null') return null;
  return value;
}

/**
 * Multipart form fields are strings; the model's input schema says which should be numbers or
 * booleans (`n=2`, `output_compression=80`, `stream=false`). Convert those whose text is a
 * plain number or `true`/`false`; leave everything else for the schema to judge, so a wrong
 * value is still reported as it was sent.
 */
export function coerceFormFields(
  fields: Readonly<Record<string, string | readonly string[]>>,
  inputSchema: JsonSchema,
): Record<string, unknown> {
  const properties = (inputSchema.properties ?? {}) as Readonly<Record<string, JsonSchema>>;
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const schema = properties[name];
    if (typeof value === 'string') {
      result[name] = coerceOne(value, schema);
    } else {
      const items = schema?.items as JsonSchema | undefined;
      result[name] = value.map(item => coerceOne(item, items));
    }
  }
  return result;
}
