import type { ImageModelV1Capabilities } from '@easel/core';
import { codeSpans, type MarkdownTable } from './markdown.js';

/** A model as the options table must describe it. */
export interface DocumentedModel {
  readonly id: string;
  /** The JSON Schema of its input (`inputJsonSchema(model.inputSchema)` of `@easel/core`). */
  readonly inputSchema: Record<string, unknown>;
  readonly capabilities?: ImageModelV1Capabilities;
}

/** What `checkOptionsTable` compares. */
export interface OptionsTableCheck {
  readonly table: MarkdownTable;
  readonly models: readonly DocumentedModel[];
  /** The whole document, where the values of capability lists (sizes, ratios) may be listed. */
  readonly document?: string;
  /** Headers of the columns naming fields. Default `Field`, `SDK name`, `Common name`. */
  readonly fieldColumns?: readonly string[];
  /** Header of the column that lists allowed values. Default `Allowed values`. */
  readonly valuesColumn?: string;
}

type JsonSchema = Record<string, unknown>;

const defaultFieldColumns = ['Field', 'SDK name', 'Common name'];

/** The fields a model accepts: its schema's properties, minus those refused outright (`not: {}`). */
export function schemaFields(schema: JsonSchema): Map<string, JsonSchema> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return new Map(
    Object.entries(properties).filter(
      ([, property]) =>
        !(
          typeof property.not === 'object' &&
          property.not !== null &&
          Object.keys(property.not).length === 0
        ),
    ),
  );
}

/** The values of an enum-like property (`enum`, `const`, or a union of those), else undefined. */
export function enumValues(property: JsonSchema): string[] | undefined {
  if (Array.isArray(property.enum)) return property.enum.map(String);
  if ('const' in property) return [String(property.const)];
  const branches = (property.anyOf ?? property.oneOf) as JsonSchema[] | undefined;
  if (!Array.isArray(branches)) return undefined;
  const values: string[] = [];
  for (const branch of branches) {
    if (branch.type === 'null') continue;
    const inner = enumValues(branch);
    if (inner === undefined) return undefined;
    values.push(...inner);
  }
  return values.length > 0 ? values : undefined;
}

/** "the 69 resolutions", "the spec's 62 presets", "all 5 styles". */
const statedCount = /\b(?:the|all)\s+(?:[\w’']+\s+)?(\d+)\s+[a-z][\w-]*/gi;

/** The counts a cell or document states. */
function statedCounts(text: string): number[] {
  return [...text.matchAll(statedCount)].map(match => Number(match[1]));
}

const normalise = (value: string) => value.toLowerCase();
const normaliseRatio = (value: string) => value.toLowerCase().replace('x', ':');

/**
 * Compare an options table with the input schemas and capabilities of the models it documents.
 * Returns the disagreements, each naming the README line: a schema field without a row, a row
 * naming no field, an enum value missing from the row's allowed values (unless the row states
 * how many there are, correctly), an allowed value the schema does not have, a capability value
 * (size, aspect ratio, output format) the document never mentions.
 */
export function checkOptionsTable(check: OptionsTableCheck): string[] {
  const { table, models } = check;
  const problems: string[] = [];
  const fieldColumns = (check.fieldColumns ?? defaultFieldColumns)
    .map(name => table.header.indexOf(name))
    .filter(index => index >= 0);
  const valuesColumn = table.header.indexOf(check.valuesColumn ?? 'Allowed values');
  if (fieldColumns.length === 0) {
    return [
      `line ${table.line}: the options table needs a column named ${(check.fieldColumns ?? defaultFieldColumns).join(' or ')}`,
    ];
  }

  const fieldsByModel = models.map(model => ({ model, fields: schemaFields(model.inputSchema) }));
  const schemaFieldNames = new Set(fieldsByModel.flatMap(({ fields }) => [...fields.keys()]));
  const rows = table.rows.map(row => ({
    line: row.line,
    fields: fieldColumns.flatMap(column =>
      codeSpans(row.cells[column] ?? '').filter(span => /^[A-Za-z_$][\w$]*$/.test(span)),
    ),
    values: valuesColumn >= 0 ? (row.cells[valuesColumn] ?? '') : '',
  }));
  const documented = new Set(rows.flatMap(row => row.fields));

  for (const field of schemaFieldNames) {
    if (documented.has(field)) continue;
    const owners = fieldsByModel
      .filter(({ fields }) => fields.has(field))
      .map(({ model }) => model.id);
    problems.push(
      `line ${table.line}: no row documents \`${field}\`, a field of ${owners.length === models.length ? 'every model' : owners.join(', ')}`,
    );
  }
  for (const row of rows) {
    for (const field of row.fields) {
      if (!schemaFieldNames.has(field))
        problems.push(`line ${row.line}: \`${field}\` is no field of any model's input schema`);
    }
  }

  if (valuesColumn >= 0) {
    for (const field of schemaFieldNames) {
      const properties = fieldsByModel
        .map(({ fields }) => fields.get(field))
        .filter((property): property is JsonSchema => property !== undefined);
      const perModel = properties.map(enumValues);
      const allowed = new Set(perModel.flatMap(values => values ?? []).map(normalise));
      if (allowed.size === 0) continue;
      const fieldRows = rows.filter(row => row.fields.includes(field));
      if (fieldRows.length === 0) continue;
      const listed = new Set(fieldRows.flatMap(row => codeSpans(row.values)).map(normalise));
      const missing = [...allowed].filter(value => !listed.has(value));
      const counts = fieldRows.flatMap(row => statedCounts(row.values));
      if (missing.length > 0 && !counts.includes(allowed.size)) {
        const where = fieldRows[0]?.line;
        problems.push(
          counts.length > 0
            ? `line ${where}: \`${field}\` states ${counts.join(' or ')} allowed values; the schema has ${allowed.size}`
            : `line ${where}: the allowed values of \`${field}\` lack ${missing.map(value => `\`${value}\``).join(', ')}`,
        );
      }
      // Only where every field on the row is an enum does every listed value have to be one.
      for (const row of fieldRows) {
        const rowAllowed = new Set<string>();
        let allEnums = true;
        for (const rowField of row.fields) {
          for (const { fields } of fieldsByModel) {
            const property = fields.get(rowField);
            if (property === undefined) continue;
            const values = enumValues(property);
            if (values === undefined) allEnums = false;
            else for (const value of values) rowAllowed.add(normalise(value));
          }
        }
        if (!allEnums || row.fields[0] !== field) continue;
        for (const span of codeSpans(row.values)) {
          // A camelCase word is a reference to code (`ideogramResolutions`), not a value.
          if (!rowAllowed.has(normalise(span)) && !/^[a-z]+[A-Z]\w*$/.test(span))
            problems.push(
              `line ${row.line}: \`${span}\` is listed as an allowed value of \`${row.fields.join('`, `')}\`, but the schema does not allow it`,
            );
        }
      }
    }
  }

  problems.push(...checkCapabilities(check, rows));
  return problems;
}

function checkCapabilities(
  check: OptionsTableCheck,
  rows: ReadonlyArray<{ line: number; fields: string[]; values: string }>,
): string[] {
  const problems: string[] = [];
  const document = withoutCodeBlocks(check.document ?? '');
  const documentSpans = document.split('\n').flatMap(codeSpans);
  const spans = new Set(documentSpans.map(normalise));
  const ratioSpans = new Set(documentSpans.map(normaliseRatio));
  const counts = statedCounts(document);
  const formatRows = rows.filter(row => row.fields.includes('output_format'));
  const formatSpans = new Set(formatRows.flatMap(row => codeSpans(row.values)).map(normalise));
  for (const { id, capabilities } of check.models) {
    if (capabilities === undefined) continue;
    if (formatRows.length > 0) {
      const missing = capabilities.outputFormats.filter(format => !formatSpans.has(format));
      if (missing.length > 0)
        problems.push(
          `line ${formatRows[0]?.line}: ${id} produces ${missing.join(', ')} (capabilities.outputFormats), which no \`output_format\` row lists`,
        );
    }
    const lists = [
      ['sizes', capabilities.sizes, spans, normalise],
      ['aspectRatios', capabilities.aspectRatios, ratioSpans, normaliseRatio],
    ] as const;
    for (const [name, capability, known, form] of lists) {
      if (capability?.type !== 'list') continue;
      const values: readonly string[] = capability.values;
      const missing = values.filter(value => !known.has(form(value)));
      if (missing.length > 0 && !counts.includes(values.length))
        problems.push(
          `${id} accepts ${name} ${missing.map(value => `\`${value}\``).join(', ')} (capabilities.${name}); the README neither lists them nor says how many there are (${values.length})`,
        );
    }
  }
  return problems;
}

/** The document without its fenced code blocks (their backticks are not code spans). */
function withoutCodeBlocks(markdown: string): string {
  let inFence = false;
  return markdown
    .split('\n')
    .filter(line => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return false;
      }
      return !inFence;
    })
    .join('\n');
}
