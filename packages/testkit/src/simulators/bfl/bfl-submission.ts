import type { JsonValue, SimulatorRequest } from '../../simulator/index.js';
import { bflOpenapiDocument, OpenApiValidator } from '../../specs/index.js';
import { isSupportedAspectRatio, parseAspectRatio } from './bfl-aspect-ratio.js';
import { type BflInputImage, readInputImage } from './bfl-input-images.js';
import type { BflModelProfile, BflOutputFormat } from './bfl-models.js';
import { type BflOutputDimensions, bflOutputSize } from './bfl-output-size.js';
import { type FastApiValidationIssue, valueError } from './fastapi-error.js';
import { readJsonBody } from './read-json-body.js';
import { issuesFromViolations } from './spec-violation-issues.js';

/** A submission that passed every check, with its defaults applied. */
export interface BflSubmission {
  readonly model: string;
  /** `''` when the model allows no prompt and none was sent. */
  readonly prompt: string;
  /** The `seed` sent, if any. */
  readonly seed: number | undefined;
  readonly size: BflOutputDimensions;
  readonly outputFormat: BflOutputFormat;
  readonly inputs: readonly BflInputImage[];
  readonly webhookUrl: string | undefined;
  readonly webhookSecret: string | undefined;
  /** The model and the body in canonical JSON: equal for a resubmission of the same request. */
  readonly fingerprint: string;
}

/** A checked submission, or the issues of FastAPI's 422. */
export type BflSubmissionReading =
  | { readonly submission: BflSubmission }
  | { readonly issues: readonly FastApiValidationIssue[] };

/** FLUX.2's largest output, 4 MP of 1024 × 1024 pixels each (2048 × 2048 fits). */
const flux2MaximumPixels = 4 * 1024 * 1024;
const flux2Grid = 16;

const validator = new OpenApiValidator(bflOpenapiDocument);

/**
 * Reads and checks a submission (`POST /v1/<model>`) as BFL's FastAPI service does: the JSON body
 * against the spec's schema for the route, then the rules the schema cannot state (aspect ratios
 * between 21:9 and 9:21, FLUX.2 sides in steps of 16 and at most 4 MP, input images that are real
 * base64 images or http(s) URLs, http(s) webhook URLs). Field problems are listed together, in the
 * schema's field order; the 4 MP rule, which needs both sides, is checked once the fields pass.
 */
export function readBflSubmission(
  model: string,
  profile: BflModelProfile,
  request: SimulatorRequest,
): BflSubmissionReading {
  const reading = readJsonBody(request);
  if ('issues' in reading) return reading;
  const { body } = reading;
  const violations = validator.validateRequest(`/v1/${model}`, {
    contentType: 'application/json',
    body,
  });
  const issues = issuesFromViolations(violations, body);
  const flawed = new Set(issues.map(issue => issue.loc[1]));
  const inputs: BflInputImage[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (flawed.has(field) || value === null) continue;
    const issue = checkField(profile, field, value, inputs);
    if (issue !== undefined) issues.push(issue);
  }
  if (issues.length > 0) return { issues: inSchemaOrder(profile, issues) };

  const size = bflOutputSize(model, body);
  if (profile.sizing === 'flux-2' && size.width * size.height > flux2MaximumPixels) {
    const issue = valueError(
      ['body'],
      `width × height must be at most 4 megapixels (${flux2MaximumPixels} pixels), got ${size.width}×${size.height}`,
      body as JsonValue,
    );
    return { issues: [issue] };
  }
  return {
    submission: {
      model,
      prompt: typeof body.prompt === 'string' ? body.prompt : '',
      seed: typeof body.seed === 'number' ? body.seed : undefined,
      size,
      outputFormat:
        (body.output_format as BflOutputFormat | null | undefined) ?? profile.defaultOutputFormat,
      inputs,
      webhookUrl: typeof body.webhook_url === 'string' ? body.webhook_url : undefined,
      webhookSecret: typeof body.webhook_secret === 'string' ? body.webhook_secret : undefined,
      fingerprint: `${model}\n${canonicalJson(body)}`,
    },
  };
}

function checkField(
  profile: BflModelProfile,
  field: string,
  value: unknown,
  inputs: BflInputImage[],
): FastApiValidationIssue | undefined {
  const loc = ['body', field];
  if (field === 'aspect_ratio' && (profile.sizing === 'kontext' || profile.sizing === 'ultra')) {
    const ratio = parseAspectRatio(value as string);
    if (ratio === undefined) {
      return valueError(
        loc,
        "aspect_ratio must be of the form 'W:H', e.g. '16:9'",
        value as JsonValue,
      );
    }
    if (!isSupportedAspectRatio(ratio)) {
      return valueError(loc, 'Aspect ratio must be between 21:9 and 9:21', value as JsonValue);
    }
    return undefined;
  }
  if ((field === 'width' || field === 'height') && profile.sizing === 'flux-2') {
    if ((value as number) % flux2Grid === 0) return undefined;
    return {
      type: 'multiple_of',
      loc,
      msg: `Input should be a multiple of ${flux2Grid}`,
      input: value as number,
      ctx: { multiple_of: flux2Grid },
    };
  }
  if (field === 'webhook_url' && !/^https?:\/\//i.test(value as string)) {
    return {
      type: 'url_scheme',
      loc,
      msg: "URL scheme should be 'http' or 'https'",
      input: value as string,
    };
  }
  const acceptsUrl = profile.inputImageFields.includes(field);
  if (!acceptsUrl && !profile.imagePromptFields.includes(field)) return undefined;
  const image = readInputImage(field, value, acceptsUrl);
  if (image === undefined) return undefined;
  if ('type' in image) return image;
  inputs.push(image);
  return undefined;
}

function inSchemaOrder(
  profile: BflModelProfile,
  issues: readonly FastApiValidationIssue[],
): FastApiValidationIssue[] {
  const schemas = (bflOpenapiDocument.components as Record<string, unknown>).schemas as Record<
    string,
    { properties?: Record<string, unknown> }
  >;
  const order = Object.keys(schemas[profile.schema]?.properties ?? {});
  const position = (issue: FastApiValidationIssue) => {
    const field = issue.loc[1];
    return typeof field === 'string' && order.includes(field) ? order.indexOf(field) : -1;
  };
  return [...issues].sort((first, second) => position(first) - position(second));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([first], [second]) =>
      first < second ? -1 : first > second ? 1 : 0,
    );
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
