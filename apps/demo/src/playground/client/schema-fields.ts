// From a model's input JSON Schema and capabilities to the fields of the form: which control each
// property gets, where it goes, and how a control's raw value becomes an input value. Pure (no
// DOM), so it is unit-tested in Node.
import type { JsonSchema, ModelCapabilities, ModelEntry } from './api-types.js';
import { exampleOf, validateValue } from './json-schema.js';

/** How a field is edited. */
export type FieldControl =
  /** Free text; `suggestions` feed a `<datalist>` (e.g. the sizes a model accepts). */
  | {
      readonly kind: 'text';
      readonly multiline: boolean;
      readonly inputType: 'text' | 'url';
      readonly suggestions: readonly string[];
    }
  /** One of a closed set of strings. */
  | { readonly kind: 'select'; readonly options: readonly string[] }
  /** Several of a closed set of strings. */
  | { readonly kind: 'multiselect'; readonly options: readonly string[] }
  /** A number box, with a range slider when the bounds are known and the range is not huge. */
  | {
      readonly kind: 'number';
      readonly integer: boolean;
      readonly slider: boolean;
      readonly min?: number;
      readonly max?: number;
      readonly step: number;
    }
  /** A checkbox; left untouched, the field is not sent (the model's default applies). */
  | { readonly kind: 'checkbox' }
  /** File upload, read as data URIs. */
  | { readonly kind: 'image'; readonly multiple: boolean; readonly maxFiles: number }
  /** Anything else (objects, lists of objects, mixed alternatives): a JSON text box. */
  | { readonly kind: 'json'; readonly example: string };

/** Where a field is shown: up front, in the input-image group, or under "More options". */
export type FieldSection = 'main' | 'image' | 'more';

/** One field of the form. */
export interface FieldSpec {
  /** The input property, e.g. `aspect_ratio`. */
  readonly name: string;
  readonly schema: JsonSchema;
  readonly control: FieldControl;
  readonly section: FieldSection;
  readonly required: boolean;
  /** The schema's description, plus what the capabilities add (accepted ranges). */
  readonly hint?: string;
  /** The schema's `default`, shown as the control's initial value. */
  readonly defaultValue?: unknown;
}

/** The value a control holds, before it becomes part of the input. */
export type RawValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'checkbox'; readonly touched: boolean; readonly checked: boolean }
  | { readonly kind: 'list'; readonly values: readonly string[] };

/** Common fields shown first, in this order, when the schema has them. */
const mainFields = [
  'prompt',
  'negative_prompt',
  'n',
  'size',
  'aspect_ratio',
  'output_format',
  'seed',
];

/** Sliders for ranges with at most this many steps; wider ranges (seeds) get a number box only. */
const maxSliderSteps = 1000;

/**
 * The form's fields for a model, in display order: the common fields first, the input-image
 * group, then every other property in schema order. Fields the capabilities rule out are left
 * out (`seed` when the model ignores seeds, image inputs when it takes none, `mask` when it takes
 * no mask, `input_image_5` on a model that takes four).
 */
export function fieldsOf(model: Pick<ModelEntry, 'input_schema' | 'capabilities'>): FieldSpec[] {
  const { capabilities } = model;
  const properties = model.input_schema.properties ?? {};
  const required = new Set(model.input_schema.required ?? []);
  const fields: FieldSpec[] = [];
  for (const [name, schema] of Object.entries(properties)) {
    if (!applies(name, schema, capabilities)) continue;
    const control = controlOf(name, schema, capabilities);
    const hint = [schema.description, capabilityHint(name, capabilities)].filter(Boolean).join(' ');
    fields.push({
      name,
      schema,
      control,
      section: sectionOf(name, control),
      required: required.has(name),
      ...(hint === '' ? {} : { hint }),
      ...(schema.default === undefined ? {} : { defaultValue: schema.default }),
    });
  }
  const rank = (field: FieldSpec) => {
    const main = mainFields.indexOf(field.name);
    if (main >= 0) return main;
    return field.section === 'image' ? mainFields.length : mainFields.length + 1;
  };
  return fields
    .map((field, index) => ({ field, index }))
    .sort((left, right) => rank(left.field) - rank(right.field) || left.index - right.index)
    .map(({ field }) => field);
}

function applies(name: string, schema: JsonSchema, capabilities: ModelCapabilities): boolean {
  if (name === 'seed' && capabilities.seed === false) return false;
  if (name === 'negative_prompt' && capabilities.negativePrompt === false) return false;
  if (!isImageField(name, schema)) return true;
  const maxInputImages = capabilities.maxInputImages ?? 0;
  if (name === 'mask') return capabilities.mask === true && maxInputImages > 0;
  if (maxInputImages === 0) return false;
  const numbered = /^input_image_(\d+)$/.exec(name);
  return numbered === null || Number(numbered[1]) <= maxInputImages;
}

/**
 * Whether a property takes images: the schema says "a string, or bytes" (`anyOf` with `{ not: {}
 * }`, how zod's binary inputs come out in JSON Schema), alone or as list items, or the name is
 * one of the image fields of the common vocabulary and the providers' native ones.
 */
export function isImageField(name: string, schema: JsonSchema): boolean {
  const takesBytes = (candidate: JsonSchema | undefined) =>
    candidate?.anyOf?.some(branch => branch.not !== undefined && isEmpty(branch.not)) === true;
  if (takesBytes(schema) || takesBytes(schema.items)) return true;
  return /^(?:image|images|mask|input_image(?:_\d+)?)$/.test(name);
}

function isEmpty(schema: JsonSchema): boolean {
  return Object.keys(schema).length === 0;
}

function controlOf(
  name: string,
  schema: JsonSchema,
  capabilities: ModelCapabilities,
): FieldControl {
  if (isImageField(name, schema)) {
    const multiple = schema.type === 'array';
    const limits = [capabilities.maxInputImages ?? 1];
    if (multiple && schema.maxItems !== undefined) limits.push(schema.maxItems);
    return { kind: 'image', multiple, maxFiles: multiple ? Math.min(...limits) : 1 };
  }
  const type = schema.type;
  if (type === 'boolean') return { kind: 'checkbox' };
  if (type === 'integer' || type === 'number') return numberControl(schema);
  if (type === 'array') {
    const options = stringChoices(schema.items);
    return options === undefined || options.open || options.values.length === 0
      ? jsonControl(schema)
      : { kind: 'multiselect', options: options.values };
  }
  const choices = stringChoices(schema);
  if (choices === undefined) return jsonControl(schema);
  if (choices.values.length > 0 && !choices.open) {
    return { kind: 'select', options: choices.values };
  }
  return {
    kind: 'text',
    multiline: schema.format !== 'uri' && (/prompt/.test(name) || (schema.maxLength ?? 0) > 300),
    inputType: schema.format === 'uri' ? 'url' : 'text',
    suggestions: unique([...choices.values, ...capabilitySuggestions(name, capabilities)]),
  };
}

/**
 * The string values a schema allows: `values` from `enum`/`const` (also across `anyOf`
 * branches), `open` when some branch takes free text. Undefined when it is not a string schema.
 */
function stringChoices(
  schema: JsonSchema | undefined,
): { values: string[]; open: boolean } | undefined {
  if (schema === undefined) return undefined;
  const branches = (schema.anyOf ?? schema.oneOf)?.filter(branch => branch.not === undefined);
  if (branches !== undefined && branches.length > 0) {
    const parts = branches.map(stringChoices);
    if (parts.some(part => part === undefined)) return undefined;
    return {
      values: unique(parts.flatMap(part => part!.values)),
      open: parts.some(part => part!.open),
    };
  }
  const closed = schema.enum ?? (schema.const === undefined ? undefined : [schema.const]);
  if (closed !== undefined) {
    return closed.every(value => typeof value === 'string')
      ? { values: closed as string[], open: false }
      : undefined;
  }
  if (schema.type === 'string') return { values: [], open: true };
  return undefined;
}

function numberControl(schema: JsonSchema): FieldControl {
  const integer = schema.type === 'integer';
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  let step = schema.multipleOf ?? (integer ? 1 : undefined);
  if (step === undefined) {
    step = min !== undefined && max !== undefined && max > min ? fineStep(max - min) : 0.01;
  }
  const slider = min !== undefined && max !== undefined && (max - min) / step <= maxSliderSteps;
  return {
    kind: 'number',
    integer,
    slider,
    step,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
}

/** A step of a power of ten giving 100 to 1000 steps over the range: 0.01 for 0–1 and 1–10, 1 for 0–100. */
function fineStep(range: number): number {
  return 10 ** Math.floor(Math.log10(range)) / 100;
}

function jsonControl(schema: JsonSchema): FieldControl {
  return { kind: 'json', example: JSON.stringify(exampleOf(schema)) };
}

function capabilitySuggestions(name: string, capabilities: ModelCapabilities): string[] {
  const shape =
    name === 'size'
      ? capabilities.sizes
      : name === 'aspect_ratio'
        ? capabilities.aspectRatios
        : undefined;
  return shape?.type === 'list' ? [...shape.values] : [];
}

function capabilityHint(name: string, capabilities: ModelCapabilities): string | undefined {
  if (name === 'size' && capabilities.sizes?.type === 'range') {
    const { minWidth, maxWidth, minHeight, maxHeight, multipleOf, maxPixels } = capabilities.sizes;
    const parts = [`This model: ${minWidth}–${maxWidth} × ${minHeight}–${maxHeight} px`];
    if (multipleOf !== undefined) parts.push(`multiples of ${multipleOf}`);
    if (maxPixels !== undefined) parts.push(`at most ${(maxPixels / 1e6).toFixed(1)} MP`);
    return `${parts.join(', ')}.`;
  }
  if (name === 'aspect_ratio' && capabilities.aspectRatios?.type === 'range') {
    const { tallest, widest } = capabilities.aspectRatios;
    return `This model: from ${tallest} to ${widest}.`;
  }
  if (name === 'n' && capabilities.maxImagesPerCall > 0) {
    return `This model makes ${capabilities.maxImagesPerCall} per call; more are requested in parallel.`;
  }
  return undefined;
}

function sectionOf(name: string, control: FieldControl): FieldSection {
  if (mainFields.includes(name)) return 'main';
  if (control.kind === 'image' && (name === 'image' || name === 'mask')) return 'image';
  return 'more';
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A field's value as it goes into the input: `value` (undefined when not set), or a problem. */
export type InputValue =
  | { readonly value: unknown; readonly problem?: undefined }
  | { readonly value?: undefined; readonly problem: string };

/**
 * Turns a control's raw value into the input value, checked against the field's schema: empty
 * controls are left out (or "required"), numbers are parsed, JSON is parsed, single image fields
 * take their one data URI.
 */
export function inputValueOf(field: FieldSpec, raw: RawValue): InputValue {
  let value: unknown;
  if (raw.kind === 'checkbox') {
    value = raw.touched ? raw.checked : undefined;
  } else if (raw.kind === 'list') {
    const single = field.control.kind === 'image' && !field.control.multiple;
    value = raw.values.length === 0 ? undefined : single ? raw.values[0] : [...raw.values];
    if (field.control.kind === 'image' && raw.values.length > field.control.maxFiles) {
      return { problem: `takes at most ${field.control.maxFiles} image(s) on this model` };
    }
  } else if (raw.text.trim() === '') {
    value = undefined;
  } else if (field.control.kind === 'number') {
    value = Number(raw.text);
    if (!Number.isFinite(value)) return { problem: 'must be a number' };
  } else if (field.control.kind === 'json') {
    try {
      value = JSON.parse(raw.text);
    } catch (error) {
      return { problem: `is not valid JSON (${(error as Error).message})` };
    }
  } else {
    value = raw.text;
  }
  if (value === undefined) return field.required ? { problem: 'is required' } : { value };
  const problem = validateValue(field.schema, value);
  return problem === undefined ? { value } : { problem };
}
