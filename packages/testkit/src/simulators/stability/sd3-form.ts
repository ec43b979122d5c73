import type { MultipartPart } from '../../simulator/multipart-parser.js';
import { stabilitySd3SchemaDocument } from '../../specs/documents/stability-sd3-schema.js';
import { JsonSchemaValidator, multipartToObject } from '../../specs/spec-validator.js';
import { describeFormProblems, type FormSchema } from './form-problems.js';
import { type InputImage, inspectInputImage } from './input-image.js';
import { type ErrorMessages, hasMessages } from './stability-error.js';
import { type StabilityModel, stabilityLegacyModels } from './stability-models.js';
import type { StabilityAspectRatio } from './stability-output-sizes.js';

/** An output format (`output_format`). */
export type Sd3OutputFormat = 'png' | 'jpeg' | 'webp';

/** The fields of an SD3 request that passed validation, defaults filled in. */
export interface Sd3Form {
  readonly prompt: string;
  readonly mode: 'text-to-image' | 'image-to-image';
  /** The model that renders: a legacy SD3 id is already re-routed to its 3.5 successor. */
  readonly model: StabilityModel;
  /** Text-to-image only; `1:1` when absent. */
  readonly aspectRatio: StabilityAspectRatio;
  readonly outputFormat: Sd3OutputFormat;
  /** 0 asks for a random seed. */
  readonly seed: number;
  readonly stylePreset?: string;
  readonly negativePrompt?: string;
  readonly cfgScale?: number;
  /** Image-to-image only. */
  readonly strength?: number;
  /** Image-to-image only. */
  readonly image?: InputImage;
}

/** The outcome of reading a form: the request, or one 400 message per problem. */
export type Sd3FormReading = { readonly form: Sd3Form } | { readonly problems: ErrorMessages };

const schema = stabilitySd3SchemaDocument as unknown as FormSchema;
const textToImageOnly = ['image', 'strength'] as const;
let validator: JsonSchemaValidator | undefined;

/**
 * Reads the parts of an SD3 request and holds them to the request schema (`stabilitySd3Schema`),
 * collecting every problem rather than stopping at the first:
 * - every field is read as text, whatever its part's content type; `image` must be a file part
 *   and the other fields text parts; each field is sent once; unknown fields are refused, except
 *   empty file parts (the `files={"none": ''}` trick of Stability's Python samples, which only
 *   forces multipart);
 * - values follow the schema (enums, numbers, ranges, lengths, `prompt` required, image-to-image
 *   requiring `image` and `strength` and refusing `aspect_ratio`); besides, text-to-image refuses
 *   `image` and `strength`;
 * - `model` also takes `sd3.5-flash` and the legacy `sd3-large`, `sd3-large-turbo`, `sd3-medium`,
 *   which are re-routed to their 3.5 successors;
 * - `image` must really be a JPEG, PNG or WebP with every side at least 64 px.
 */
export function readSd3Form(parts: readonly MultipartPart[]): Sd3FormReading {
  const problems: string[] = [];
  const refused = new Set<string>();
  const kept: MultipartPart[] = [];
  for (const part of parts) {
    const verdict = judgePart(part, kept, refused);
    if (verdict === 'keep') kept.push(part);
    else if (verdict !== 'skip') problems.push(verdict.problem);
  }
  // Stability reads every field as text, whatever content type its part declares.
  const sent = multipartToObject(kept.map(({ contentType: _declared, ...part }) => part));
  const fields = rerouteLegacyModel(sent as Record<string, string>);
  problems.push(...describeFormProblems(schema, fields, refused));
  if (problems.length === 0) problems.push(...schemaViolations(fields));

  if (fields.mode !== 'image-to-image') {
    for (const name of textToImageOnly) {
      if (Object.hasOwn(fields, name)) {
        problems.push(`${name}: can only be used when mode is image-to-image`);
      }
    }
  }
  const imagePart = kept.find(part => part.name === 'image');
  let image: InputImage | undefined;
  if (imagePart !== undefined && fields.mode === 'image-to-image') {
    const inspection = inspectInputImage(imagePart.data);
    if ('problem' in inspection) problems.push(inspection.problem);
    else image = inspection.image;
  }

  return hasMessages(problems) ? { problems } : { form: toForm(fields, image) };
}

/** What to do with a part: read it as a field, skip it, or refuse it with a 400 message. */
type PartVerdict = 'keep' | 'skip' | { readonly problem: string };

/** Refuses each field name once; a refused name joins `refused`, and its later parts are skipped. */
function judgePart(
  part: MultipartPart,
  kept: readonly MultipartPart[],
  refused: Set<string>,
): PartVerdict {
  const { name } = part;
  const known = Object.hasOwn(schema.properties, name);
  if (!known && part.filename !== undefined && part.data.byteLength === 0) return 'skip';
  if (refused.has(name)) return 'skip';
  let problem: string | undefined;
  if (!known) problem = `${name}: is not a known field`;
  else if (kept.some(other => other.name === name)) problem = `${name}: must be sent only once`;
  else if (name === 'image' && part.filename === undefined) {
    problem = 'image: must be a file, not a text field';
  } else if (name !== 'image' && part.filename !== undefined) {
    problem = `${name}: must be a text field, not a file`;
  }
  if (problem === undefined) return 'keep';
  refused.add(name);
  return { problem };
}

function rerouteLegacyModel(fields: Record<string, string>): Record<string, string> {
  const successor = fields.model === undefined ? undefined : stabilityLegacyModels[fields.model];
  return successor === undefined ? fields : { ...fields, model: successor };
}

/** The schema's own verdict, as a backstop for anything the checks above do not word. */
function schemaViolations(fields: Readonly<Record<string, string>>): string[] {
  validator ??= new JsonSchemaValidator(stabilitySd3SchemaDocument);
  return validator
    .validate(fields, { coerce: true })
    .map(violation => `${violation.path.slice(1) || 'form'}: ${violation.message}`);
}

function toForm(fields: Readonly<Record<string, string>>, image: InputImage | undefined): Sd3Form {
  const { style_preset, negative_prompt, cfg_scale, strength } = fields;
  return {
    prompt: fields.prompt ?? '',
    mode: (fields.mode ?? 'text-to-image') as Sd3Form['mode'],
    model: (fields.model ?? 'sd3.5-large') as StabilityModel,
    aspectRatio: (fields.aspect_ratio ?? '1:1') as StabilityAspectRatio,
    outputFormat: (fields.output_format ?? 'png') as Sd3OutputFormat,
    seed: Number(fields.seed ?? 0),
    ...(style_preset === undefined ? {} : { stylePreset: style_preset }),
    ...(negative_prompt === undefined ? {} : { negativePrompt: negative_prompt }),
    ...(cfg_scale === undefined ? {} : { cfgScale: Number(cfg_scale) }),
    ...(strength === undefined ? {} : { strength: Number(strength) }),
    ...(image === undefined ? {} : { image }),
  };
}
