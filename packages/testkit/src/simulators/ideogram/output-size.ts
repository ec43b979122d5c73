import type { IdeogramOperation } from './ideogram-operations.js';
import {
  formatDimensions,
  ideogramResolutionForAspectRatio,
  nearestAspectRatio,
  nearestResolution,
  type PixelSize,
  parseDimensions,
} from './ideogram-resolutions.js';
import type { InputImage } from './input-image.js';

/** The size an operation renders, and how the answer states it. */
export interface OutputSize extends PixelSize {
  /** The item's `resolution`: always a `ResolutionV3` value. */
  readonly resolution: string;
  /**
   * The item's `upscaled_resolution`: the real size when the operation resizes the render to
   * something that is not a `ResolutionV3` value (edit and replace-background of odd-sized inputs).
   */
  readonly upscaledResolution?: string;
}

/**
 * The size to render:
 * - generate, reframe: `resolution`, else the size of `aspect_ratio` (default `1x1`);
 * - remix: the same, but without either, the size of the aspect ratio nearest the input's;
 * - edit, replace-background: the input image's size, stated as the nearest `ResolutionV3` with
 *   the real size in `upscaled_resolution` when they differ.
 */
export function outputSize(
  operation: IdeogramOperation,
  fields: Readonly<Record<string, unknown>>,
  image: InputImage | undefined,
): OutputSize {
  if (operation.sizing === 'input' && image !== undefined) {
    const resolution = formatDimensions(nearestResolution(image));
    const actual = formatDimensions(image);
    return {
      width: image.width,
      height: image.height,
      resolution,
      ...(actual === resolution ? {} : { upscaledResolution: actual }),
    };
  }
  const requested =
    typeof fields.resolution === 'string' ? parseDimensions(fields.resolution) : undefined;
  if (requested !== undefined) return { ...requested, resolution: formatDimensions(requested) };
  const aspectRatio =
    typeof fields.aspect_ratio === 'string'
      ? fields.aspect_ratio
      : operation.sizing === 'remix' && image !== undefined
        ? nearestAspectRatio(image)
        : '1x1';
  const size = ideogramResolutionForAspectRatio(aspectRatio);
  return { ...size, resolution: formatDimensions(size) };
}
