import { z } from 'zod';
import type {
  AspectRatioString,
  ImageOutputFormat,
  ImageSizeString,
} from '../image-model/v1/image-model-v1-capabilities.js';
import { parseAspectRatio } from './dimensions.js';
import { type ImageSource, imageSourceSchema } from './image-source.js';

/** Largest `n` the hub accepts in one generate call (it fans out beyond each model's own limit). */
export const maximumImageCount = 16;

/** `WIDTHxHEIGHT`, e.g. `1024x1024`. */
export const sizeSchema = z
  .string()
  .regex(/^[1-9]\d{0,4}x[1-9]\d{0,4}$/, { error: 'expected WIDTHxHEIGHT, e.g. 1024x1024' })
  .transform(value => value as ImageSizeString)
  .meta({ description: 'Output size as WIDTHxHEIGHT, e.g. 1024x1024.' });

/** `W:H`; `WxH` is accepted and normalised to `W:H`. */
export const aspectRatioSchema = z
  .string()
  .refine(value => parseAspectRatio(value) !== undefined, {
    error: 'expected W:H (or WxH), e.g. 16:9',
  })
  .transform(value => value.replace('x', ':') as AspectRatioString)
  .meta({ description: 'Aspect ratio as W:H, e.g. 16:9 (16x9 is accepted too).' });

/** `png`, `jpeg` (or `jpg`), `webp`. */
export const outputFormatSchema = z
  .enum(['png', 'jpeg', 'jpg', 'webp'], { error: 'expected one of png, jpeg, webp' })
  .transform(value => (value === 'jpg' ? 'jpeg' : value) as ImageOutputFormat)
  .meta({ description: 'Output format: png, jpeg or webp.' });

/**
 * The common vocabulary every model understands. Each adapter maps these to its native fields in
 * one place; what a model cannot honour exactly comes back as a warning.
 */
export const commonInputShape = {
  prompt: z.string().min(1, { error: 'must not be empty' }).meta({ description: 'What to draw.' }),
  n: z
    .int()
    .min(1)
    .max(maximumImageCount)
    .meta({ description: `How many images, 1–${maximumImageCount}.` }),
  size: sizeSchema,
  aspect_ratio: aspectRatioSchema,
  seed: z
    .int()
    .min(0)
    .max(4_294_967_295)
    .meta({ description: 'Seed for reproducible results, where the model supports it.' }),
  negative_prompt: z.string().meta({ description: 'What to avoid, where the model supports it.' }),
  output_format: outputFormatSchema,
  image: imageSourceSchema,
  images: z
    .array(imageSourceSchema)
    .min(1)
    .meta({ description: 'Input images (URLs, data URIs or base64) for editing or reference.' }),
  mask: imageSourceSchema,
};

/** Names of the common fields. */
export type CommonFieldName = keyof typeof commonInputShape;

/** The common fields as callers write them. */
export interface CommonImageInput {
  /** What to draw. */
  prompt?: string;
  /** How many images, 1–16; the hub fans out beyond a model's per-call limit. */
  n?: number;
  /** Output size `WIDTHxHEIGHT`; snapped to the nearest supported size. */
  size?: string;
  /** Aspect ratio `W:H` (`WxH` accepted); snapped to the nearest supported ratio. */
  aspect_ratio?: string;
  /** Seed, where supported. */
  seed?: number;
  /** What to avoid, where supported. */
  negative_prompt?: string;
  /** `png`, `jpeg` (`jpg`) or `webp`. */
  output_format?: 'png' | 'jpeg' | 'jpg' | 'webp';
  /** One input image: an http(s) URL, a data URI, base64, or bytes. */
  image?: string | Uint8Array | ArrayBuffer;
  /** Several input images. */
  images?: Array<string | Uint8Array | ArrayBuffer>;
  /** Mask for editing (same forms as `image`). */
  mask?: string | Uint8Array | ArrayBuffer;
}

/** The common fields after validation: `image` folded into `images`, formats normalised. */
export interface ValidatedCommonInput {
  prompt?: string;
  n?: number;
  size?: ImageSizeString;
  aspect_ratio?: AspectRatioString;
  seed?: number;
  negative_prompt?: string;
  output_format?: ImageOutputFormat;
  images?: ImageSource[];
  mask?: ImageSource;
}
