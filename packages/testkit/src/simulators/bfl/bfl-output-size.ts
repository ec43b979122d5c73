import { aspectRatioValue, parseAspectRatio } from './bfl-aspect-ratio.js';
import { bflModelProfile } from './bfl-models.js';

/** A width and a height, in pixels. */
export interface BflOutputDimensions {
  readonly width: number;
  readonly height: number;
}

/**
 * The resolutions Kontext renders, width × height, all about 1 MP and multiples of 16 (FLUX.1
 * Kontext's preferred resolutions, from 21:9 to 9:21).
 */
const kontextResolutions: readonly BflOutputDimensions[] = [
  [672, 1568],
  [688, 1504],
  [720, 1456],
  [752, 1392],
  [800, 1328],
  [832, 1248],
  [880, 1184],
  [944, 1104],
  [1024, 1024],
  [1104, 944],
  [1184, 880],
  [1248, 832],
  [1328, 800],
  [1392, 752],
  [1456, 720],
  [1504, 688],
  [1568, 672],
].map(([width, height]) => ({ width: width!, height: height! }));

const ultraPixels = 4 * 1024 * 1024;
const ultraGrid = 64;
const flux2DefaultSide = 1024;

/**
 * The size of the image a model renders for a (valid) submission body, so simulator and tests
 * agree:
 * - `flux-kontext-pro`, `flux-kontext-max`: the Kontext resolution nearest to `aspect_ratio`
 *   (default `1:1` → 1024×1024; `16:9` → 1392×752; `21:9` → 1568×672), all about 1 MP on a grid
 *   of 16;
 * - `flux-pro-1.1-ultra`: `aspect_ratio` (default `16:9`) scaled to about 4 MP, each side rounded
 *   to a multiple of 64 (`16:9` → 2752×1536, `1:1` → 2048×2048);
 * - `flux-pro-1.1`, `flux-dev`: `width` × `height` (defaults 1024 × 768);
 * - `flux-2-pro`, `flux-2-max`, `flux-2-flex`: `width` × `height`, each 1024 when 0, null or
 *   absent.
 *
 * A ratio that cannot be read falls back to the model's default; one beyond 21:9 or 9:21 is
 * clamped (the simulator refuses both with 422 before it gets here).
 *
 * @throws RangeError for a model the simulator does not serve.
 * @example
 * bflOutputSize('flux-kontext-pro', { prompt: 'a fox', aspect_ratio: '16:9' }); // { width: 1392, height: 752 }
 */
export function bflOutputSize(
  model: string,
  body: Readonly<Record<string, unknown>>,
): BflOutputDimensions {
  const profile = bflModelProfile(model);
  if (profile === undefined) throw new RangeError(`bflOutputSize: unknown model ${model}`);
  switch (profile.sizing) {
    case 'kontext':
      return nearestKontextResolution(ratioOf(body.aspect_ratio, '1:1'));
    case 'ultra':
      return ultraSize(ratioOf(body.aspect_ratio, '16:9'));
    case 'dimensions':
      return { width: sideOf(body.width, 1024), height: sideOf(body.height, 768) };
    case 'flux-2':
      return {
        width: sideOf(body.width, flux2DefaultSide),
        height: sideOf(body.height, flux2DefaultSide),
      };
  }
}

function ratioOf(value: unknown, fallback: string): number {
  const ratio =
    (typeof value === 'string' ? parseAspectRatio(value) : undefined) ??
    parseAspectRatio(fallback)!;
  return aspectRatioValue(ratio);
}

function sideOf(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

function nearestKontextResolution(ratio: number): BflOutputDimensions {
  let best = kontextResolutions[0]!;
  for (const candidate of kontextResolutions) {
    const distance = Math.abs(ratio - candidate.width / candidate.height);
    if (distance < Math.abs(ratio - best.width / best.height)) best = candidate;
  }
  return best;
}

function ultraSize(ratio: number): BflOutputDimensions {
  const toGrid = (side: number) => Math.round(side / ultraGrid) * ultraGrid;
  return {
    width: toGrid(Math.sqrt(ultraPixels * ratio)),
    height: toGrid(Math.sqrt(ultraPixels / ratio)),
  };
}
