import type {
  AspectRatioCapability,
  AspectRatioString,
  ImageModelV1Capabilities,
  ImageOutputFormat,
  ImageSizeString,
  SizeCapability,
} from '../image-model/v1/image-model-v1-capabilities.js';
import type { ImageModelV1Warning } from '../image-model/v1/image-model-v1-warning.js';
import {
  type Dimensions,
  formatAspectRatio,
  formatSize,
  logRatio,
  parseAspectRatio,
  parseSize,
} from './dimensions.js';

/** A value that may have been changed to fit the model, and the warning saying so. */
export interface Snapped<VALUE> {
  readonly value: VALUE;
  /** Present when `value` differs from what was asked. */
  readonly warning?: ImageModelV1Warning;
}

function approximated<VALUE>(
  feature: string,
  requested: unknown,
  value: VALUE,
  details: string,
): Snapped<VALUE> {
  return { value, warning: { type: 'approximated', feature, requested, used: value, details } };
}

function shapeDistance(left: Dimensions, right: Dimensions): number {
  const area = Math.log((left.width * left.height) / (right.width * right.height));
  return Math.abs(logRatio(left) - logRatio(right)) + 0.25 * Math.abs(area);
}

function describeSizes(capability: SizeCapability): string {
  if (capability.type === 'list') return `accepts ${capability.values.join(', ')}`;
  const pixels = capability.maxPixels ? `, at most ${capability.maxPixels} pixels` : '';
  return `accepts widths ${capability.minWidth}–${capability.maxWidth} and heights ${capability.minHeight}–${capability.maxHeight} in multiples of ${capability.multipleOf}${pixels}`;
}

function describeRatios(capability: AspectRatioCapability): string {
  return capability.type === 'list'
    ? `accepts ${capability.values.join(', ')}`
    : `accepts ratios from ${capability.tallest} to ${capability.widest}`;
}

function roundTo(value: number, multiple: number, mode: 'nearest' | 'down' = 'nearest'): number {
  const rounded = mode === 'down' ? Math.floor(value / multiple) : Math.round(value / multiple);
  return Math.max(multiple, rounded * multiple);
}

function fitRange(
  requested: Dimensions,
  capability: Extract<SizeCapability, { type: 'range' }>,
): Dimensions {
  const { minWidth, maxWidth, minHeight, maxHeight, multipleOf, maxPixels } = capability;
  let { width, height } = requested;
  const shrink = Math.min(1, maxWidth / width, maxHeight / height);
  width *= shrink;
  height *= shrink;
  const grow = Math.max(1, minWidth / width, minHeight / height);
  width = Math.min(maxWidth, width * grow);
  height = Math.min(maxHeight, height * grow);
  width = Math.min(Math.max(roundTo(width, multipleOf), minWidth), maxWidth);
  height = Math.min(Math.max(roundTo(height, multipleOf), minHeight), maxHeight);
  if (maxPixels !== undefined && width * height > maxPixels) {
    const scale = Math.sqrt(maxPixels / (width * height));
    width = Math.max(minWidth, roundTo(width * scale, multipleOf, 'down'));
    height = Math.max(minHeight, roundTo(height * scale, multipleOf, 'down'));
  }
  return { width, height };
}

/** Whether `size` is accepted as is. */
export function isSupportedSize(size: Dimensions, capability: SizeCapability): boolean {
  if (capability.type === 'list') return capability.values.includes(formatSize(size));
  const { minWidth, maxWidth, minHeight, maxHeight, multipleOf, maxPixels } = capability;
  return (
    size.width >= minWidth &&
    size.width <= maxWidth &&
    size.height >= minHeight &&
    size.height <= maxHeight &&
    size.width % multipleOf === 0 &&
    size.height % multipleOf === 0 &&
    (maxPixels === undefined || size.width * size.height <= maxPixels)
  );
}

/**
 * The supported size nearest to `size` (closest shape first, then closest area), with an
 * `approximated` warning when it differs.
 */
export function snapSize(
  size: ImageSizeString,
  capability: SizeCapability,
  feature = 'size',
): Snapped<ImageSizeString> {
  const requested = parseSize(size);
  if (!requested) throw new TypeError(`not a size: ${size}`);
  if (isSupportedSize(requested, capability)) return { value: size };
  let best: Dimensions;
  if (capability.type === 'list') {
    const candidates = capability.values.map(value => parseSize(value)!);
    best = candidates.reduce((left, right) =>
      shapeDistance(requested, right) < shapeDistance(requested, left) ? right : left,
    );
  } else {
    best = fitRange(requested, capability);
  }
  return approximated(feature, size, formatSize(best), `the model ${describeSizes(capability)}`);
}

/** The supported aspect ratio nearest to `ratio`, with an `approximated` warning when it differs. */
export function snapAspectRatio(
  ratio: AspectRatioString,
  capability: AspectRatioCapability,
  feature = 'aspect_ratio',
): Snapped<AspectRatioString> {
  const requested = parseAspectRatio(ratio);
  if (!requested) throw new TypeError(`not an aspect ratio: ${ratio}`);
  const target = logRatio(requested);
  if (capability.type === 'list') {
    const exact = capability.values.find(
      value => Math.abs(logRatio(parseAspectRatio(value)!) - target) < 1e-9,
    );
    if (exact) return exact === ratio ? { value: ratio } : { value: exact };
    const best = capability.values.reduce((left, right) =>
      Math.abs(logRatio(parseAspectRatio(right)!) - target) <
      Math.abs(logRatio(parseAspectRatio(left)!) - target)
        ? right
        : left,
    );
    return approximated(feature, ratio, best, `the model ${describeRatios(capability)}`);
  }
  const tallest = logRatio(parseAspectRatio(capability.tallest)!);
  const widest = logRatio(parseAspectRatio(capability.widest)!);
  if (target > widest)
    return approximated(
      feature,
      ratio,
      capability.widest,
      `the model ${describeRatios(capability)}`,
    );
  if (target < tallest)
    return approximated(
      feature,
      ratio,
      capability.tallest,
      `the model ${describeRatios(capability)}`,
    );
  return { value: ratio };
}

/**
 * For models that take only aspect ratios: the supported ratio nearest to the shape of `size`.
 * Always a warning when the model cannot take the exact pixel size (it picks its own resolution).
 */
export function aspectRatioForSize(
  size: ImageSizeString,
  capability: AspectRatioCapability,
): Snapped<AspectRatioString> {
  const requested = parseSize(size);
  if (!requested) throw new TypeError(`not a size: ${size}`);
  const snapped = snapAspectRatio(formatAspectRatio(requested), capability, 'size');
  return approximated(
    'size',
    size,
    snapped.value,
    `the model takes aspect ratios, not pixel sizes; sent aspect ratio ${snapped.value}`,
  );
}

/**
 * For models that take only sizes: the supported size nearest to `ratio` (at about `area`
 * pixels, default one megapixel).
 */
export function sizeForAspectRatio(
  ratio: AspectRatioString,
  capability: SizeCapability,
  area = 1024 * 1024,
): Snapped<ImageSizeString> {
  const requested = parseAspectRatio(ratio);
  if (!requested) throw new TypeError(`not an aspect ratio: ${ratio}`);
  const height = Math.sqrt(area / (requested.width / requested.height));
  const target = {
    width: Math.round(height * (requested.width / requested.height)),
    height: Math.round(height),
  };
  const snapped = snapSize(formatSize(target), capability, 'aspect_ratio');
  const used = parseSize(snapped.value)!;
  if (Math.abs(logRatio(used) - logRatio(requested)) < 0.01) return { value: snapped.value };
  return approximated(
    'aspect_ratio',
    ratio,
    snapped.value,
    `the model takes sizes; sent size ${snapped.value} (${describeSizes(capability)})`,
  );
}

/** The output format to send: the requested one if supported, else the model's default. */
export function resolveOutputFormat(
  requested: ImageOutputFormat | undefined,
  capabilities: ImageModelV1Capabilities,
): Snapped<ImageOutputFormat | undefined> {
  if (requested === undefined || capabilities.outputFormats.includes(requested)) {
    return { value: requested };
  }
  const fallback = capabilities.outputFormats[0];
  return approximated(
    'output_format',
    requested,
    fallback,
    `the model produces ${capabilities.outputFormats.join(', ')}`,
  );
}

/**
 * Drop the common fields a model ignores (`seed`, `negative_prompt`) with an `unsupported`
 * warning each. Returns the input without them.
 */
export function dropUnsupportedCommonFields<
  INPUT extends { readonly seed?: unknown; readonly negative_prompt?: unknown } & object,
>(
  input: INPUT,
  capabilities: ImageModelV1Capabilities,
): { input: INPUT; warnings: ImageModelV1Warning[] } {
  const warnings: ImageModelV1Warning[] = [];
  let result = input;
  if (input.seed !== undefined && !capabilities.seed) {
    result = { ...result, seed: undefined };
    warnings.push({
      type: 'unsupported',
      feature: 'seed',
      details: 'the model does not take a seed; it was not sent',
    });
  }
  if (input.negative_prompt !== undefined && !capabilities.negativePrompt) {
    result = { ...result, negative_prompt: undefined };
    warnings.push({
      type: 'unsupported',
      feature: 'negative_prompt',
      details: 'the model does not take a negative prompt; it was not sent',
    });
  }
  return { input: result, warnings };
}
