import { componentEnum } from './ideogram-spec.js';

/** A pixel size. */
export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The 69 `ResolutionV3` values of the spec, `<width>x<height>` (e.g. `1024x1024`, `1536x640`),
 * in the spec's order.
 */
export const ideogramResolutions: readonly string[] = Object.freeze([
  ...componentEnum('ResolutionV3'),
]);

/**
 * The 15 `AspectRatioV3` values of the spec, `<width>x<height>` with an `x` (e.g. `16x9`, `1x1`),
 * in the spec's order.
 */
export const ideogramAspectRatios: readonly string[] = Object.freeze([
  ...componentEnum('AspectRatioV3'),
]);

const oneMegapixel = 1024 * 1024;
/** Log-ratio differences below this are rounding noise, i.e. the same aspect ratio. */
const ratioTolerance = 1e-9;
const resolutionSizes = ideogramResolutions.map(resolution => parseDimensions(resolution)!);

/**
 * The pixel size Ideogram renders for an aspect ratio: the `ResolutionV3` value of exactly that
 * ratio closest to one megapixel (`2x1` → 1408×704). `16x9` and `9x16` have no exact match among
 * the 69 resolutions, so they get the nearest ratio (1312×736 and 736×1312).
 *
 * @param aspectRatio One of `ideogramAspectRatios`, e.g. `16x10`.
 * @throws RangeError for any other value.
 * @example
 * ideogramResolutionForAspectRatio('1x1'); // { width: 1024, height: 1024 }
 */
export function ideogramResolutionForAspectRatio(aspectRatio: string): PixelSize {
  const ratio = ideogramAspectRatios.includes(aspectRatio)
    ? parseDimensions(aspectRatio)
    : undefined;
  if (ratio === undefined) {
    throw new RangeError(
      `ideogramResolutionForAspectRatio: unknown aspect ratio ${JSON.stringify(aspectRatio)}; expected one of ${ideogramAspectRatios.join(', ')}`,
    );
  }
  return nearestResolution(ratio);
}

/**
 * The `ResolutionV3` value whose shape is nearest a size: the closest aspect ratio (compared on a
 * log scale, so 2:1 and 1:2 are equally far from 1:1), then the closest to one megapixel.
 */
export function nearestResolution(size: PixelSize): PixelSize {
  const target = Math.log(size.width / size.height);
  let best = resolutionSizes[0]!;
  let bestRatioDistance = Number.POSITIVE_INFINITY;
  let bestAreaDistance = Number.POSITIVE_INFINITY;
  for (const candidate of resolutionSizes) {
    const ratioDistance = Math.abs(Math.log(candidate.width / candidate.height) - target);
    const areaDistance = Math.abs(Math.log((candidate.width * candidate.height) / oneMegapixel));
    const sameRatio = Math.abs(ratioDistance - bestRatioDistance) < ratioTolerance;
    if (sameRatio ? areaDistance < bestAreaDistance : ratioDistance < bestRatioDistance) {
      best = candidate;
      bestRatioDistance = ratioDistance;
      bestAreaDistance = areaDistance;
    }
  }
  return best;
}

/**
 * The `AspectRatioV3` value nearest a size's shape (on a log scale), e.g. 640×480 → `4x3`.
 */
export function nearestAspectRatio(size: PixelSize): string {
  const target = Math.log(size.width / size.height);
  let best = '1x1';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const aspectRatio of ideogramAspectRatios) {
    const { width, height } = parseDimensions(aspectRatio)!;
    const distance = Math.abs(Math.log(width / height) - target);
    if (distance < bestDistance) {
      best = aspectRatio;
      bestDistance = distance;
    }
  }
  return best;
}

/** `1408x704` → `{ width: 1408, height: 704 }`; `undefined` for anything else. */
export function parseDimensions(text: string): PixelSize | undefined {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(text);
  if (match === null) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** `{ width: 1408, height: 704 }` → `1408x704`. */
export function formatDimensions(size: PixelSize): string {
  return `${size.width}x${size.height}`;
}
