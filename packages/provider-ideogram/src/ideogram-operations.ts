import type { InputCheckContext } from '@easel/core';

/**
 * The operations of Ideogram V3, each its own endpoint (`POST /v1/ideogram-v3/<operation>`):
 * `generate` (text to image), `edit` (inpaint the black area of a mask), `remix` (a new image
 * from an image and a prompt), `reframe` (extend a square image to a new resolution, no prompt),
 * `replace-background` (keep the subject, draw a new background from the prompt).
 */
export type IdeogramOperation = 'generate' | 'edit' | 'remix' | 'reframe' | 'replace-background';

/** Every operation, in the order the README lists them. */
export const ideogramOperationNames = [
  'generate',
  'edit',
  'remix',
  'reframe',
  'replace-background',
] as const satisfies readonly IdeogramOperation[];

/** What one operation takes, in Ideogram's wire names, as the spec's request schemas list them. */
export interface IdeogramOperationRules {
  /** Every field the operation's request schema has. */
  readonly fields: readonly string[];
  /** The fields its request schema requires. */
  readonly required: readonly string[];
}

const styleFields = [
  'color_palette',
  'style_codes',
  'style_type',
  'style_preset',
  'custom_model_uri',
  'style_reference_images',
  'character_reference_images',
  'character_reference_images_mask',
] as const;

/**
 * The fields of each operation (spec: `GenerateImageRequestV3`, `EditImageRequestV3`,
 * `RemixImageRequestV3`, `ReframeImageRequestV3`, `ReplaceBackgroundRequestV3`).
 */
export const ideogramOperations: Readonly<Record<IdeogramOperation, IdeogramOperationRules>> = {
  generate: {
    fields: [
      'prompt',
      'seed',
      'resolution',
      'aspect_ratio',
      'rendering_speed',
      'magic_prompt',
      'negative_prompt',
      'num_images',
      ...styleFields,
    ],
    required: ['prompt'],
  },
  edit: {
    fields: [
      'image',
      'mask',
      'prompt',
      'magic_prompt',
      'num_images',
      'seed',
      'rendering_speed',
      ...styleFields,
    ],
    required: ['image', 'mask', 'prompt'],
  },
  remix: {
    fields: [
      'image',
      'prompt',
      'image_weight',
      'seed',
      'resolution',
      'aspect_ratio',
      'rendering_speed',
      'magic_prompt',
      'negative_prompt',
      'num_images',
      ...styleFields,
    ],
    required: ['image', 'prompt'],
  },
  reframe: {
    fields: [
      'image',
      'resolution',
      'num_images',
      'seed',
      'rendering_speed',
      'style_preset',
      'color_palette',
      'style_codes',
      'style_reference_images',
    ],
    required: ['image', 'resolution'],
  },
  'replace-background': {
    fields: [
      'image',
      'prompt',
      'magic_prompt',
      'num_images',
      'seed',
      'rendering_speed',
      'style_preset',
      'color_palette',
      'style_codes',
      'style_reference_images',
    ],
    required: ['image', 'prompt'],
  },
};

/**
 * Input field → wire field, where they differ. Fields not listed keep their name; `operation`
 * and `output_format` are not sent at all.
 */
const wireNames: Readonly<Record<string, string | null>> = {
  image: 'image',
  images: 'image',
  n: 'num_images',
  size: 'resolution',
  operation: null,
  output_format: null,
};

/** The wire field an input field is sent as; `null` for fields that are never sent. */
export function ideogramWireName(field: string): string | null {
  return field in wireNames ? wireNames[field]! : field;
}

/** What decides the operation when the input does not name one. */
export interface IdeogramOperationClues {
  readonly operation?: IdeogramOperation | undefined;
  readonly image: boolean;
  readonly mask: boolean;
  readonly prompt: boolean;
  /** `resolution` or `size` was given. */
  readonly resolution: boolean;
}

/**
 * The operation an input asks for: the explicit `operation` when given; else an image with a
 * mask is an `edit`, an image with a resolution (or size) and no prompt a `reframe`, any other
 * image a `remix`, and no image a `generate`. `replace-background` is only ever chosen
 * explicitly: an image and a prompt are a remix just as much.
 */
export function inferIdeogramOperation(clues: IdeogramOperationClues): IdeogramOperation {
  if (clues.operation !== undefined) return clues.operation;
  if (!clues.image) return 'generate';
  if (clues.mask) return 'edit';
  if (!clues.prompt && clues.resolution) return 'reframe';
  return 'remix';
}

function listFields(fields: readonly string[]): string {
  return fields.join(', ');
}

const requirementHints: Readonly<Record<string, string>> = {
  'remix:prompt':
    'an image with a prompt is remixed; to reframe it instead, give a resolution (or size) and no prompt',
  'reframe:resolution': 'give resolution (or size, snapped to the nearest resolution)',
  'edit:mask': 'the mask is black where the image should change',
};

/** Input names to report a missing wire field under. */
const inputNames: Readonly<Record<string, string>> = {
  image: 'image',
  resolution: 'resolution',
};

/**
 * The rules of Ideogram V3 that a field-by-field schema cannot express: each operation takes only
 * its own fields and needs its required ones, `aspect_ratio` excludes `resolution` (and `size`,
 * which is sent as `resolution`), `style_codes` excludes `style_type` and
 * `style_reference_images`, and character reference masks match the character references.
 */
export function checkIdeogramInput(
  input: Readonly<Record<string, unknown>>,
  context: InputCheckContext,
): void {
  const given = (field: string) => input[field] !== undefined;
  const operation = inferIdeogramOperation({
    operation: input.operation as IdeogramOperation | undefined,
    image: given('image') || given('images'),
    mask: given('mask'),
    prompt: given('prompt'),
    resolution: given('resolution') || given('size'),
  });
  const rules = ideogramOperations[operation];
  const chosen = given('operation') ? operation : `${operation} (chosen from the inputs given)`;
  const sent = new Set<string>();
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const wire = ideogramWireName(field);
    if (wire === null) continue;
    sent.add(wire);
    if (rules.fields.includes(wire)) continue;
    const alias = wire === field ? '' : ` (sent as ${wire})`;
    context.addIssue({
      path: [field],
      message: `${field}${alias} is not taken by ${chosen}; ${operation} takes ${listFields(rules.fields)}`,
    });
  }
  for (const wire of rules.required) {
    if (sent.has(wire)) continue;
    const hint = requirementHints[`${operation}:${wire}`];
    context.addIssue({
      path: [inputNames[wire] ?? wire],
      message: `${chosen} needs ${wire}${hint ? `: ${hint}` : ''}`,
    });
  }
  if (given('aspect_ratio') && (given('resolution') || given('size'))) {
    context.addIssue({
      path: ['aspect_ratio'],
      message: `aspect_ratio and ${given('resolution') ? 'resolution' : 'size (sent as resolution)'} are mutually exclusive in Ideogram; give one`,
    });
  }
  for (const excluded of ['style_type', 'style_reference_images']) {
    if (given('style_codes') && given(excluded)) {
      context.addIssue({
        path: ['style_codes'],
        message: `style_codes cannot be combined with ${excluded}; give one`,
      });
    }
  }
  const masks = input.character_reference_images_mask;
  if (Array.isArray(masks)) {
    const references = input.character_reference_images;
    const count = Array.isArray(references) ? references.length : 0;
    if (masks.length !== count) {
      context.addIssue({
        path: ['character_reference_images_mask'],
        message: `give one mask per character reference image: ${masks.length} masks for ${count} character_reference_images`,
      });
    }
  }
}
