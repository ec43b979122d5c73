import {
  type HttpBody,
  type ImageModelV1Warning,
  type ImageSource,
  type InputImageBytes,
  InvalidInputError,
  type MultipartPart,
  multipartField,
  multipartFile,
  multipartJson,
  resolveOutputFormat,
  snapAspectRatio,
  snapSize,
} from '@easel/core';
import { type IdeogramOperation, inferIdeogramOperation } from './ideogram-operations.js';
import {
  type IdeogramValidatedInput,
  ideogramCapabilities,
  ideogramMaxSeed,
} from './ideogram-options.js';

/** An input image to send, with the input path its problems are reported at. */
export interface IdeogramImagePart {
  /** Wire name; repeated for arrays. */
  readonly name: string;
  readonly source: ImageSource;
  readonly path: ReadonlyArray<string | number>;
}

/** What one request sends, before the images are read. */
export interface IdeogramRequestPlan {
  readonly operation: IdeogramOperation;
  /** Text fields in Ideogram's names; arrays become repeated parts. */
  readonly fields: Readonly<Record<string, string | number | readonly string[]>>;
  /** Sent as a JSON-encoded part. */
  readonly colorPalette: unknown;
  readonly images: readonly IdeogramImagePart[];
  /** The prompt sent, to tell Ideogram's rewrite (MagicPrompt) from it. */
  readonly prompt: string | undefined;
  readonly warnings: ImageModelV1Warning[];
}

/** Ideogram's limit on one image, and on the references of one kind together. */
const maximumImageBytes = 10 * 1024 * 1024;

/**
 * Map a validated input to Ideogram's fields, in one place: `n` → `num_images`, `size` →
 * `resolution` (snapped to the nearest of the 69), `aspect_ratio` `W:H` → `WxH` (snapped to the
 * nearest of the 15), `output_format` checked against PNG, the operation chosen.
 */
export function planIdeogramRequest(input: IdeogramValidatedInput): IdeogramRequestPlan {
  const warnings: ImageModelV1Warning[] = [];
  const images = input.images ?? [];
  const operation = inferIdeogramOperation({
    operation: input.operation,
    image: images.length > 0,
    mask: input.mask !== undefined,
    prompt: input.prompt !== undefined,
    resolution: input.size !== undefined,
  });
  const format = resolveOutputFormat(input.output_format, ideogramCapabilities);
  if (format.warning) warnings.push(format.warning);

  const fields: Record<string, string | number | readonly string[]> = {};
  if (input.prompt !== undefined) fields.prompt = input.prompt;
  if (input.size !== undefined) {
    const snapped = snapSize(input.size, ideogramCapabilities.sizes);
    if (snapped.warning) warnings.push(snapped.warning);
    fields.resolution = snapped.value;
  }
  if (input.aspect_ratio !== undefined) {
    const snapped = snapAspectRatio(input.aspect_ratio, ideogramCapabilities.aspectRatios);
    if (snapped.warning) warnings.push(snapped.warning);
    fields.aspect_ratio = snapped.value.replace(':', 'x');
  }
  if (input.n !== undefined) fields.num_images = input.n;
  // The hub offsets the seed of each fanned-out call; keep it inside Ideogram's range.
  if (input.seed !== undefined) fields.seed = input.seed % (ideogramMaxSeed + 1);
  for (const name of [
    'rendering_speed',
    'magic_prompt',
    'negative_prompt',
    'style_type',
    'style_preset',
    'custom_model_uri',
    'image_weight',
  ] as const) {
    const value = input[name];
    if (value !== undefined) fields[name] = value;
  }
  if (input.style_codes !== undefined) fields.style_codes = input.style_codes;

  const parts: IdeogramImagePart[] = [];
  const [image] = images;
  if (image !== undefined) parts.push({ name: 'image', source: image, path: ['images', 0] });
  if (input.mask !== undefined) parts.push({ name: 'mask', source: input.mask, path: ['mask'] });
  for (const name of [
    'style_reference_images',
    'character_reference_images',
    'character_reference_images_mask',
  ] as const) {
    for (const [index, source] of (input[name] ?? []).entries()) {
      parts.push({ name, source, path: [name, index] });
    }
  }
  return {
    operation,
    fields,
    colorPalette: input.color_palette,
    images: parts,
    prompt: input.prompt,
    warnings,
  };
}

/** The wire names a plan sends (for pointing a 400 at a field). */
export function plannedFieldNames(plan: IdeogramRequestPlan): string[] {
  return [
    ...Object.keys(plan.fields),
    ...(plan.colorPalette === undefined ? [] : ['color_palette']),
    ...new Set(plan.images.map(image => image.name)),
  ];
}

const extensions: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** Ideogram takes 10 MB per image, and 10 MB across the references of one kind. */
function checkImageSizes(
  plan: IdeogramRequestPlan,
  bytes: readonly InputImageBytes[],
  model: string,
): void {
  const totals = new Map<string, number>();
  for (const [index, part] of plan.images.entries()) {
    totals.set(part.name, (totals.get(part.name) ?? 0) + bytes[index]!.bytes.byteLength);
  }
  const issues = [...totals]
    .filter(([, total]) => total > maximumImageBytes)
    .map(([name, total]) => {
      const single = name === 'image' || name === 'mask';
      return {
        path: name === 'image' ? ['images', 0] : [name],
        message: `Ideogram takes at most 10 MB ${single ? 'per image' : `across all ${name}`}, received ${(total / 1024 / 1024).toFixed(1)} MB`,
      };
    });
  if (issues.length > 0) throw new InvalidInputError({ model, issues });
}

function passthroughParts(passthrough: Readonly<Record<string, unknown>>): MultipartPart[] {
  return Object.entries(passthrough).flatMap(([name, value]): MultipartPart[] => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every(item => typeof item !== 'object'))
      return value.map(item => multipartField(name, String(item)));
    if (typeof value === 'object') return [multipartJson(name, value)];
    return [multipartField(name, String(value))];
  });
}

/**
 * The multipart body of a plan: text fields (arrays as repeated parts), `color_palette` as a
 * JSON part, then the image parts (repeated names for the reference images). `passthrough`
 * fields replace planned fields of the same name.
 */
export async function ideogramMultipartBody(
  plan: IdeogramRequestPlan,
  options: {
    readImage: (
      source: ImageSource,
      path: ReadonlyArray<string | number>,
    ) => Promise<InputImageBytes>;
    passthrough?: Readonly<Record<string, unknown>> | undefined;
    model: string;
  },
): Promise<HttpBody> {
  const bytes = await Promise.all(
    plan.images.map(image => options.readImage(image.source, image.path)),
  );
  checkImageSizes(plan, bytes, options.model);
  const parts: MultipartPart[] = [];
  for (const [name, value] of Object.entries(plan.fields)) {
    if (Array.isArray(value)) for (const item of value) parts.push(multipartField(name, item));
    else parts.push(multipartField(name, value as string | number));
  }
  if (plan.colorPalette !== undefined)
    parts.push(multipartJson('color_palette', plan.colorPalette));
  for (const [index, image] of plan.images.entries()) {
    const { bytes: data, mediaType } = bytes[index]!;
    const position = plan.images.slice(0, index).filter(part => part.name === image.name).length;
    parts.push(
      multipartFile(image.name, data, {
        filename: `${image.name}-${position}.${extensions[mediaType] ?? 'bin'}`,
        contentType: mediaType,
      }),
    );
  }
  if (options.passthrough === undefined) return { type: 'multipart', parts };
  const overridden = new Set(Object.keys(options.passthrough));
  return {
    type: 'multipart',
    parts: [
      ...parts.filter(part => !overridden.has(part.name)),
      ...passthroughParts(options.passthrough),
    ],
  };
}
