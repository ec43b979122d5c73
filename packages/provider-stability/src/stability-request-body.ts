import {
  aspectRatioForSize,
  dropUnsupportedCommonFields,
  type HttpBody,
  type ImageModelV1Warning,
  type ImageOutputFormat,
  type ImageSource,
  type InputImageBytes,
  InvalidInputError,
  type MultipartPart,
  multipartField,
  multipartFile,
  multipartJson,
  readImageMetadata,
  resolveOutputFormat,
  snapAspectRatio,
} from '@easel/core';
import { stabilityProviderId } from './stability-api.js';
import {
  type StabilityModelId,
  type StabilityValidatedInput,
  stabilityCapabilities,
  stabilityMaxRequestBytes,
  stabilityMaxSeed,
  stabilityMinInputImageSide,
  stabilityModels,
} from './stability-options.js';

/** What one request sends, before the input image is read. */
export interface StabilityRequestPlan {
  /** `image-to-image` when an input image is given, else `text-to-image`. */
  readonly mode: 'text-to-image' | 'image-to-image';
  /** Every form field in Stability's names, in the order sent (the image excluded). */
  readonly fields: Readonly<Record<string, string | number>>;
  /** The input image of image-to-image. */
  readonly image: ImageSource | undefined;
  /** The output format asked for, when one was (Stability's default is png). */
  readonly outputFormat: ImageOutputFormat | undefined;
  /** Whether a blurred (`CONTENT_FILTERED`) result fails the call. */
  readonly strictModeration: boolean;
  /** What could not be sent as asked (snapped, dropped or defaulted fields); more may follow. */
  readonly warnings: ImageModelV1Warning[];
}

/** Defaults that come from the provider settings. */
export interface StabilityPlanDefaults {
  /** The `strictModeration` setting. */
  readonly strictModeration: boolean;
}

function aspectRatio(
  input: StabilityValidatedInput,
  warnings: ImageModelV1Warning[],
): string | undefined {
  const ratios = stabilityCapabilities.aspectRatios;
  if (input.aspect_ratio !== undefined) {
    if (input.size !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'size',
        details: 'aspect_ratio was given too; size was not used',
      });
    }
    const snapped = snapAspectRatio(input.aspect_ratio, ratios);
    if (snapped.warning) warnings.push(snapped.warning);
    return snapped.value;
  }
  if (input.size !== undefined) {
    const snapped = aspectRatioForSize(input.size, ratios);
    if (snapped.warning) warnings.push(snapped.warning);
    return snapped.value;
  }
  return undefined;
}

/**
 * A seed the hub offset past Stability's maximum (fan-out gives call `i` the seed plus `i`) is
 * wrapped into 1…max; 0 is avoided because Stability reads it as "random".
 */
function seed(value: number | undefined, warnings: ImageModelV1Warning[]): number | undefined {
  if (value === undefined || value <= stabilityMaxSeed) return value;
  const wrapped = ((value - 1) % stabilityMaxSeed) + 1;
  warnings.push({
    type: 'approximated',
    feature: 'seed',
    requested: value,
    used: wrapped,
    details: `Stability takes seeds up to ${stabilityMaxSeed}; the seed was wrapped around`,
  });
  return wrapped;
}

/**
 * Map a validated input to Stability's form fields, in one place: `mode` from whether an image
 * is given; `strength` defaulted in image-to-image and dropped in text-to-image (with a warning
 * either way); `aspect_ratio` snapped to the nine ratios, `size` turned into the nearest ratio;
 * `model` always set; `n` never sent (one image per request, the hub fans out).
 */
export function planStabilityRequest(
  modelId: StabilityModelId,
  validated: StabilityValidatedInput,
  defaults: StabilityPlanDefaults,
): StabilityRequestPlan {
  const spec = stabilityModels[modelId];
  const { input, warnings } = dropUnsupportedCommonFields(validated, stabilityCapabilities);
  const image = input.images?.[0];
  const mode = image === undefined ? 'text-to-image' : 'image-to-image';
  const fields: Record<string, string | number> = {};
  if (input.prompt !== undefined) fields.prompt = input.prompt;
  fields.mode = mode;
  fields.model = spec.wireModel;
  if (image === undefined) {
    const ratio = aspectRatio(input, warnings);
    if (ratio !== undefined) fields.aspect_ratio = ratio;
    if (input.strength !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'strength',
        details: 'strength applies to image-to-image (an input image); it was not sent',
      });
    }
  } else if (input.strength === undefined) {
    fields.strength = spec.defaultStrength;
    warnings.push({
      type: 'other',
      message: `strength was not given; sent ${spec.defaultStrength}, Easel's default for ${spec.wireModel} (0 keeps the input image, 1 ignores it)`,
    });
  } else {
    fields.strength = input.strength;
  }
  const chosenSeed = seed(input.seed, warnings);
  if (chosenSeed !== undefined) fields.seed = chosenSeed;
  const format = resolveOutputFormat(input.output_format, stabilityCapabilities);
  if (format.warning) warnings.push(format.warning);
  if (format.value !== undefined) fields.output_format = format.value;
  if (input.style_preset !== undefined) fields.style_preset = input.style_preset;
  if (input.negative_prompt !== undefined) fields.negative_prompt = input.negative_prompt;
  if (input.cfg_scale !== undefined) fields.cfg_scale = input.cfg_scale;
  return {
    mode,
    fields,
    image,
    outputFormat: format.value,
    strictModeration: input.strict_moderation ?? defaults.strictModeration,
    warnings,
  };
}

/**
 * Refuse, before sending, an input image Stability cannot take: not a JPEG, PNG or WebP, a side
 * under 64 px, or larger than the 10 MiB request limit.
 */
export function checkInputImage(image: InputImageBytes, modelId: StabilityModelId): void {
  const metadata = readImageMetadata(image.bytes);
  const problems: string[] = [];
  if (metadata === undefined || metadata.mediaType === 'image/gif') {
    problems.push(
      `Stability takes JPEG, PNG or WebP input images, not ${metadata?.mediaType ?? image.mediaType}`,
    );
  } else if (
    metadata.width !== undefined &&
    metadata.height !== undefined &&
    Math.min(metadata.width, metadata.height) < stabilityMinInputImageSide
  ) {
    problems.push(
      `the image is ${metadata.width}x${metadata.height}; Stability needs every side to be at least ${stabilityMinInputImageSide} px`,
    );
  }
  if (image.bytes.byteLength > stabilityMaxRequestBytes) {
    problems.push(
      `the image is ${(image.bytes.byteLength / 1024 / 1024).toFixed(1)} MiB; Stability accepts requests up to 10 MiB`,
    );
  }
  if (problems.length > 0) {
    throw new InvalidInputError({
      model: `${stabilityProviderId}/${modelId}`,
      issues: problems.map(message => ({ path: ['image'], message })),
    });
  }
}

const extensions: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/**
 * The multipart body: the fields, then fields passed through verbatim (unknown keys the caller
 * chose to send; objects JSON-encoded), then the image part. Always multipart, even without an
 * image: Stability refuses JSON and urlencoded bodies.
 */
export function stabilityMultipartBody(
  plan: StabilityRequestPlan,
  image: InputImageBytes | undefined,
  passthrough: Readonly<Record<string, unknown>> | undefined,
): HttpBody {
  const parts: MultipartPart[] = Object.entries(plan.fields).map(([name, value]) =>
    multipartField(name, value),
  );
  for (const [name, value] of Object.entries(passthrough ?? {})) {
    if (value === undefined) continue;
    parts.push(
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? multipartField(name, value)
        : multipartJson(name, value),
    );
  }
  if (image !== undefined) {
    parts.push(
      multipartFile('image', image.bytes, {
        filename: `image.${extensions[image.mediaType] ?? 'png'}`,
        contentType: image.mediaType,
      }),
    );
  }
  return { type: 'multipart', parts };
}
