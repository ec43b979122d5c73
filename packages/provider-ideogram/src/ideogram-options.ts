import {
  type AspectRatioString,
  defineImageInput,
  type ImageModelV1Capabilities,
  imageSourceSchema,
} from '@easel/core';
import { z } from 'zod';
import { checkIdeogramInput, ideogramOperationNames } from './ideogram-operations.js';

/** The Ideogram model ids this package knows. */
export type IdeogramImageModelId = 'V3';

/** The 69 output resolutions of Ideogram 3.0 (spec: `ResolutionV3`), tallest first. */
export const ideogramResolutions = [
  '512x1536',
  '576x1408',
  '576x1472',
  '576x1536',
  '640x1344',
  '640x1408',
  '640x1472',
  '640x1536',
  '704x1152',
  '704x1216',
  '704x1280',
  '704x1344',
  '704x1408',
  '704x1472',
  '736x1312',
  '768x1088',
  '768x1216',
  '768x1280',
  '768x1344',
  '800x1280',
  '832x960',
  '832x1024',
  '832x1088',
  '832x1152',
  '832x1216',
  '832x1248',
  '864x1152',
  '896x960',
  '896x1024',
  '896x1088',
  '896x1120',
  '896x1152',
  '960x832',
  '960x896',
  '960x1024',
  '960x1088',
  '1024x832',
  '1024x896',
  '1024x960',
  '1024x1024',
  '1088x768',
  '1088x832',
  '1088x896',
  '1088x960',
  '1120x896',
  '1152x704',
  '1152x832',
  '1152x864',
  '1152x896',
  '1216x704',
  '1216x768',
  '1216x832',
  '1248x832',
  '1280x704',
  '1280x768',
  '1280x800',
  '1312x736',
  '1344x640',
  '1344x704',
  '1344x768',
  '1408x576',
  '1408x640',
  '1408x704',
  '1472x576',
  '1472x640',
  '1472x704',
  '1536x512',
  '1536x576',
  '1536x640',
] as const;

/** An output resolution of Ideogram 3.0, e.g. `1024x1024` or `1280x800`. */
export type IdeogramResolution = (typeof ideogramResolutions)[number];

/** The 15 aspect ratios of Ideogram 3.0 as Ideogram writes them (spec: `AspectRatioV3`). */
export const ideogramAspectRatios = [
  '1x3',
  '3x1',
  '1x2',
  '2x1',
  '9x16',
  '16x9',
  '10x16',
  '16x10',
  '2x3',
  '3x2',
  '3x4',
  '4x3',
  '4x5',
  '5x4',
  '1x1',
] as const;

/** An aspect ratio as Ideogram writes it, with an `x`: `16x9`. Easel's `16:9` is accepted too. */
export type IdeogramAspectRatio = (typeof ideogramAspectRatios)[number];

/** Rendering speeds (spec: `RenderingSpeed`); Ideogram's default is `DEFAULT`. */
export const ideogramRenderingSpeeds = [
  'FLASH',
  'TURBO',
  'BALANCED',
  'DEFAULT',
  'QUALITY',
] as const;

/** Rendering speed: `FLASH`, `TURBO`, `BALANCED`, `DEFAULT` (Ideogram's default) or `QUALITY`. */
export type IdeogramRenderingSpeed = (typeof ideogramRenderingSpeeds)[number];

/** MagicPrompt settings (spec: `MagicPromptOption`). */
export const ideogramMagicPromptOptions = ['AUTO', 'ON', 'OFF'] as const;

/** Whether Ideogram rewrites the prompt (MagicPrompt): `AUTO`, `ON` or `OFF`. */
export type IdeogramMagicPrompt = (typeof ideogramMagicPromptOptions)[number];

/** Style types (spec: `StyleTypeV3`); Ideogram's default is `GENERAL`. */
export const ideogramStyleTypes = [
  'AUTO',
  'GENERAL',
  'REALISTIC',
  'DESIGN',
  'CUSTOM',
  'FICTION',
  'STYLIZED',
] as const;

/** A style type, e.g. `GENERAL`, `REALISTIC` or `DESIGN`. */
export type IdeogramStyleType = (typeof ideogramStyleTypes)[number];

/** The style presets of Ideogram 3.0 (spec: `StylePresetV3`). */
export const ideogramStylePresets = [
  '80S_ILLUSTRATION',
  '90S_NOSTALGIA',
  'ABSTRACT_ORGANIC',
  'ANALOG_NOSTALGIA',
  'ART_BRUT',
  'ART_DECO',
  'ART_POSTER',
  'AURA',
  'AVANT_GARDE',
  'BAUHAUS',
  'BLUEPRINT',
  'BLURRY_MOTION',
  'BRIGHT_ART',
  'C4D_CARTOON',
  'CHILDRENS_BOOK',
  'COLLAGE',
  'COLORING_BOOK_I',
  'COLORING_BOOK_II',
  'CUBISM',
  'DARK_AURA',
  'DOODLE',
  'DOUBLE_EXPOSURE',
  'DRAMATIC_CINEMA',
  'EDITORIAL',
  'EMOTIONAL_MINIMAL',
  'ETHEREAL_PARTY',
  'EXPIRED_FILM',
  'FLAT_ART',
  'FLAT_VECTOR',
  'FOREST_REVERIE',
  'GEO_MINIMALIST',
  'GLASS_PRISM',
  'GOLDEN_HOUR',
  'GRAFFITI_I',
  'GRAFFITI_II',
  'HALFTONE_PRINT',
  'HIGH_CONTRAST',
  'HIPPIE_ERA',
  'ICONIC',
  'JAPANDI_FUSION',
  'JAZZY',
  'LONG_EXPOSURE',
  'MAGAZINE_EDITORIAL',
  'MINIMAL_ILLUSTRATION',
  'MIXED_MEDIA',
  'MONOCHROME',
  'NIGHTLIFE',
  'OIL_PAINTING',
  'OLD_CARTOONS',
  'PAINT_GESTURE',
  'POP_ART',
  'RETRO_ETCHING',
  'RIVIERA_POP',
  'SPOTLIGHT_80S',
  'STYLIZED_RED',
  'SURREAL_COLLAGE',
  'TRAVEL_POSTER',
  'VINTAGE_GEO',
  'VINTAGE_POSTER',
  'WATERCOLOR',
  'WEIRD',
  'WOODBLOCK_PRINT',
] as const;

/** A style preset, e.g. `OIL_PAINTING`, `WATERCOLOR` or `POP_ART`. */
export type IdeogramStylePreset = (typeof ideogramStylePresets)[number];

/** The preset color palettes (spec: `ColorPalettePresetName`). */
export const ideogramColorPalettePresets = [
  'EMBER',
  'FRESH',
  'JUNGLE',
  'MAGIC',
  'MELON',
  'MOSAIC',
  'PASTEL',
  'ULTRAMARINE',
] as const;

/** A preset color palette name, e.g. `PASTEL`. */
export type IdeogramColorPalettePreset = (typeof ideogramColorPalettePresets)[number];

/**
 * A color palette: a preset by name, or 1–8 colors with optional weights (0.05–1, best in
 * descending order). Sent as a JSON-encoded multipart part.
 *
 * @example { name: 'PASTEL' }
 * @example { members: [{ color_hex: '#b470b3', color_weight: 0.5 }, { color_hex: '#7a79e3' }] }
 */
export type IdeogramColorPalette =
  | { name: IdeogramColorPalettePreset }
  | { members: Array<{ color_hex: string; color_weight?: number }> };

/** Largest seed Ideogram takes (spec: `Seed`, 0–2147483647). */
export const ideogramMaxSeed = 2_147_483_647;

/**
 * What Ideogram V3 accepts, as data. Sizes are the 69 resolutions; ratios the 15 aspect ratios
 * in Easel's `W:H` form. One input image (with a mask for edits); the prompt is optional because
 * reframe takes none (each operation's own requirements are checked with the input).
 */
export const ideogramCapabilities = {
  execution: 'sync',
  maxImagesPerCall: 8,
  sizes: { type: 'list', values: ideogramResolutions },
  aspectRatios: {
    type: 'list',
    values: ideogramAspectRatios.map(ratio => ratio.replace('x', ':') as AspectRatioString),
  },
  outputFormats: ['png'],
  seed: true,
  negativePrompt: true,
  maxInputImages: 1,
  mask: true,
  promptRequired: false,
} as const satisfies ImageModelV1Capabilities;

const imageList = (description: string) =>
  z.array(imageSourceSchema).min(1).optional().meta({ description });

/** The native fields of Ideogram V3, under Ideogram's names. */
const ideogramNativeShape = {
  operation: z.enum(ideogramOperationNames).optional().meta({
    description:
      'generate, edit, remix, reframe or replace-background. Default: chosen from the inputs (image + mask → edit; image + resolution or size without prompt → reframe; other image → remix; no image → generate).',
  }),
  seed: z
    .int()
    .min(0)
    .max(ideogramMaxSeed)
    .optional()
    .meta({ description: `Seed for reproducible results, 0–${ideogramMaxSeed}.` }),
  resolution: z.enum(ideogramResolutions).optional().meta({
    description:
      'Output resolution, one of the 69 of Ideogram 3.0 (same as size, which is snapped to the nearest). Excludes aspect_ratio.',
  }),
  rendering_speed: z
    .enum(ideogramRenderingSpeeds)
    .optional()
    .meta({ description: 'FLASH, TURBO, BALANCED, DEFAULT (Ideogram’s default) or QUALITY.' }),
  magic_prompt: z
    .enum(ideogramMagicPromptOptions)
    .optional()
    .meta({ description: 'Let Ideogram rewrite the prompt (returned as revisedPrompt).' }),
  num_images: z
    .int()
    .min(1)
    .max(8)
    .optional()
    .meta({ description: 'Same as n (Ideogram’s name), 1–8.' }),
  color_palette: z
    .union(
      [
        z.strictObject({
          name: z.enum(ideogramColorPalettePresets),
        }),
        z.strictObject({
          members: z
            .array(
              z.strictObject({
                color_hex: z
                  .string()
                  .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, { error: 'expected #RRGGBB (or #RGB)' }),
                color_weight: z.number().min(0.05).max(1).optional(),
              }),
            )
            .min(1)
            .max(8),
        }),
      ],
      {
        error: `expected { name: ${ideogramColorPalettePresets.join(' | ')} } or { members: [{ color_hex: "#RRGGBB", color_weight?: 0.05–1 }] } with 1–8 members`,
      },
    )
    .optional()
    .meta({
      description:
        'A preset { name: EMBER | FRESH | JUNGLE | MAGIC | MELON | MOSAIC | PASTEL | ULTRAMARINE } or { members: [{ color_hex: "#RRGGBB", color_weight?: 0.05–1 }] } with 1–8 colors.',
    }),
  style_codes: z
    .array(z.string().regex(/^[0-9a-fA-F]{8}$/, { error: 'expected 8 hexadecimal digits' }))
    .min(1)
    .optional()
    .meta({
      description:
        'Style codes, 8 hexadecimal digits each. Excludes style_type and style_reference_images.',
    }),
  style_type: z
    .enum(ideogramStyleTypes)
    .optional()
    .meta({ description: 'Style type. Ideogram’s default: GENERAL.' }),
  style_preset: z
    .enum(ideogramStylePresets)
    .optional()
    .meta({ description: 'A style preset, e.g. OIL_PAINTING, WATERCOLOR, POP_ART.' }),
  custom_model_uri: z
    .string()
    .regex(/^model\/[^/]+\/version\/[^/]+$/, {
      error: 'expected model/<model_name>/version/<version_name>',
    })
    .optional()
    .meta({ description: 'A custom model, model/<model_name>/version/<version_name>.' }),
  style_reference_images: imageList(
    'Style reference images (URL, data URI, base64 or bytes; JPEG, PNG or WebP, 10 MB in total).',
  ),
  character_reference_images: imageList(
    'Character reference images (10 MB in total; Ideogram currently takes one). Billed at the character-reference price.',
  ),
  character_reference_images_mask: imageList(
    'Grayscale masks of the character reference images, one per image, of the same size.',
  ),
  image_weight: z
    .int()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Remix only: how much the input image weighs, 1–100 (default 50).' }),
};

/**
 * The input schema of Ideogram V3: the common vocabulary plus every native field, strict, with
 * `num_images` folded into `n` and `resolution` into `size`, and the operation rules checked
 * before any request.
 */
export const ideogramInput = defineImageInput({
  capabilities: ideogramCapabilities,
  native: ideogramNativeShape,
  aliases: { num_images: 'n', resolution: 'size' },
  check: checkIdeogramInput,
});

/** The input schema of Ideogram V3. */
export type IdeogramInputSchema = typeof ideogramInput;

/** Ideogram V3's input as callers write it: the common vocabulary plus Ideogram's own fields. */
export type IdeogramImageInput = z.input<IdeogramInputSchema>;

/** Ideogram V3's input after validation: `num_images` folded into `n`, `resolution` into `size`. */
export type IdeogramValidatedInput = z.output<IdeogramInputSchema>;
