import { createHash } from 'node:crypto';
import type { JsonValue } from '../../simulator/index.js';
import type { EphemeralImageHost } from './ephemeral-image-host.js';
import type { IdeogramOperation } from './ideogram-operations.js';
import type { CheckedInputs } from './ideogram-request-rules.js';
import { ideogramTestPrompts } from './ideogram-test-prompts.js';
import { magicPrompt } from './magic-prompt.js';
import { outputSize } from './output-size.js';

/** Everything an `ImageGenerationResponseV3` is made from. */
export interface ImageGeneration {
  readonly operation: IdeogramOperation;
  /** The request's fields, typed. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly inputs: CheckedInputs;
  /** The request's `seed`, or the one drawn for it. */
  readonly seed: number;
  readonly host: EphemeralImageHost;
  /** The origin result URLs point at. */
  readonly filesOrigin: string;
}

/** What `style_type: AUTO` resolves to, picked from the prompt. */
const autoStyleTypes = ['GENERAL', 'REALISTIC', 'DESIGN', 'FICTION'] as const;

/**
 * The `ImageGenerationResponseV3` of a request that passed every check: `created` as an ISO 8601
 * string, one item per image with the prompt used (the MagicPrompt rewrite when `magic_prompt`
 * is `ON` or `AUTO`), the `ResolutionV3` rendered, the seed (the same for every item, as in the
 * spec's example), the resolved `style_type` and a signed, expiring URL, or `is_image_safe:
 * false` and `url: null` for images the `unsafeOne` and `unsafeAll` test prompts filter out.
 */
export function imageGenerationResponse(generation: ImageGeneration): JsonValue {
  const { operation, fields, inputs, seed, host, filesOrigin } = generation;
  const size = outputSize(operation, fields, inputs.image);
  const count = typeof fields.num_images === 'number' ? fields.num_images : 1;
  const prompt =
    typeof fields.prompt === 'string'
      ? fields.prompt
      : `An expanded view of the uploaded image, continued naturally beyond its original edges to fill a ${size.resolution} frame.`;
  const rewrites = fields.magic_prompt === 'ON' || fields.magic_prompt === 'AUTO';
  const styleType = resolveStyleType(fields, prompt);
  const look = lookOf(operation, fields, inputs, seed);
  const data = Array.from({ length: count }, (_, index) => {
    const usedPrompt = rewrites ? magicPrompt(prompt, index) : prompt;
    const safe = !(
      prompt.includes(ideogramTestPrompts.unsafeAll) ||
      (index === 0 && prompt.includes(ideogramTestPrompts.unsafeOne))
    );
    const url = safe
      ? host.put(
          {
            width: size.width,
            height: size.height,
            seed: digest(`${look}\n${index}`).readUInt32BE(0),
            prompt: usedPrompt,
          },
          filesOrigin,
        )
      : null;
    return {
      prompt: usedPrompt,
      resolution: size.resolution,
      ...(size.upscaledResolution === undefined
        ? {}
        : { upscaled_resolution: size.upscaledResolution }),
      is_image_safe: safe,
      seed,
      url,
      style_type: styleType,
    };
  });
  return { created: new Date().toISOString().replace('Z', '+00:00'), data };
}

/**
 * The style an item reports: the requested one, `AUTO` resolved from the prompt, `CUSTOM` for a
 * custom model, else the spec's default `GENERAL`.
 */
function resolveStyleType(fields: Readonly<Record<string, unknown>>, prompt: string): string {
  const requested = fields.style_type;
  if (typeof requested === 'string' && requested !== 'AUTO') return requested;
  if (requested === 'AUTO') {
    return autoStyleTypes[digest(prompt).readUInt8(0) % autoStyleTypes.length]!;
  }
  return fields.custom_model_uri === undefined ? 'GENERAL' : 'CUSTOM';
}

/**
 * Everything that shapes the pictures besides the item index: the operation, the seed, every
 * field but `num_images` (so the first image does not depend on how many were asked for) and
 * every upload.
 */
function lookOf(
  operation: IdeogramOperation,
  fields: Readonly<Record<string, unknown>>,
  inputs: CheckedInputs,
  seed: number,
): string {
  const { num_images: _count, seed: _seed, ...rest } = fields;
  const ordered = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
  return [operation.name, seed, JSON.stringify(ordered), ...inputs.fingerprints].join('\n');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
