import { synthesizeImage } from '../../images/synthesize-image.js';
import { synthesizeBlurredImage } from './blurred-image.js';
import type { Sd3Form } from './sd3-form.js';
import { stabilityModelProfiles } from './stability-models.js';
import {
  imageToImageOutputSize,
  type StabilityPixelSize,
  stabilityOutputSizes,
} from './stability-output-sizes.js';

/** How a generation ended: `CONTENT_FILTERED` means moderation blurred the picture. */
export type FinishReason = 'SUCCESS' | 'CONTENT_FILTERED';

/** The size of the image a request gets: its aspect ratio's bucket, or its input's size. */
export function sd3OutputSize(form: Sd3Form): StabilityPixelSize {
  return form.image === undefined
    ? stabilityOutputSizes[form.aspectRatio]
    : imageToImageOutputSize(form.image);
}

/**
 * The image file a request gets: a real picture of `sd3OutputSize(form)` in its `output_format`,
 * the same for the same seed and the same fields that shape a picture (prompt, model, negative
 * prompt where the model honours it, style preset, cfg scale with the model's default filled in,
 * strength and input image), blurred when `CONTENT_FILTERED`.
 *
 * @param seed The seed the answer reports, from 1 to 4294967294 (a request's 0 already replaced).
 */
export function renderSd3Image(
  form: Sd3Form,
  seed: number,
  finishReason: FinishReason,
): Uint8Array {
  const { width, height } = sd3OutputSize(form);
  const profile = stabilityModelProfiles[form.model];
  const picture = JSON.stringify([
    form.prompt,
    form.model,
    profile.honoursNegativePrompt ? (form.negativePrompt ?? '') : '',
    form.stylePreset ?? '',
    form.cfgScale ?? profile.defaultCfgScale,
    form.strength ?? null,
    form.image?.digest ?? null,
  ]);
  const options = { width, height, format: form.outputFormat, seed, prompt: picture };
  return finishReason === 'CONTENT_FILTERED'
    ? synthesizeBlurredImage(options)
    : synthesizeImage(options);
}
