import type { EaselError } from '../errors/easel-error.js';
import type { ImageModelV1CallOptions } from '../image-model/v1/image-model-v1-call-options.js';
import type { ImageModelV1ProgressEvent } from '../image-model/v1/image-model-v1-progress-event.js';
import type {
  ImageModelV1Result,
  ImageModelV1Timings,
  ImageModelV1Usage,
} from '../image-model/v1/image-model-v1-result.js';
import type { ImageModelV1Warning } from '../image-model/v1/image-model-v1-warning.js';
import { GeneratedImage } from '../media/generated-image.js';

/** Which model served a request. */
export interface ModelReference {
  /** Canonical path, `<provider>/<modelId>`. */
  readonly path: string;
  readonly provider: string;
  readonly modelId: string;
}

/** One upstream call of a fanned-out generation that failed while others succeeded. */
export interface CallFailure {
  /** Index of the call, in order. */
  readonly call: number;
  readonly error: EaselError;
}

/** What `generate` (and a job's `wait`) returns. */
export interface GenerateResult {
  readonly model: ModelReference;
  /** The images, in order: call 0's images first. */
  readonly images: readonly GeneratedImage[];
  /** Warnings of every call, without duplicates. */
  readonly warnings: readonly ImageModelV1Warning[];
  /** Usage summed over the calls, when any reported it. */
  readonly usage: ImageModelV1Usage | undefined;
  /** Provider metadata of each call, in order. */
  readonly providerMetadata: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>;
  /** Response info of each successful call, in order. */
  readonly responses: ReadonlyArray<ImageModelV1Result['response']>;
  /** Calls that failed while others succeeded (nothing paid for is thrown away). */
  readonly failures: readonly CallFailure[];
  readonly timings: {
    /** Wall-clock time of the whole generation, ms. */
    readonly totalMs: number;
    readonly calls: ReadonlyArray<ImageModelV1Timings | undefined>;
  };
}

/** A progress event of one call, tagged with the call's index. */
export type GenerateProgressEvent = ImageModelV1ProgressEvent & { readonly call: number };

/** The outcome of one call. */
export type CallOutcome =
  | { readonly ok: true; readonly result: ImageModelV1Result }
  | { readonly ok: false; readonly error: EaselError };

const usageFields = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'inputTextTokens',
  'inputImageTokens',
  'outputTextTokens',
  'outputImageTokens',
] as const;

/** Sum usage over calls; `undefined` when no call reported any. */
export function sumUsage(
  usages: ReadonlyArray<ImageModelV1Usage | undefined>,
): ImageModelV1Usage | undefined {
  const present = usages.filter((usage): usage is ImageModelV1Usage => usage !== undefined);
  if (present.length === 0) return undefined;
  const total: { -readonly [K in keyof ImageModelV1Usage]: ImageModelV1Usage[K] } = {};
  for (const field of usageFields) {
    const values = present
      .map(usage => usage[field])
      .filter((value): value is number => value !== undefined);
    if (values.length > 0) total[field] = values.reduce((sum, value) => sum + value, 0);
  }
  const costs = present.map(usage => usage.cost).filter(cost => cost !== undefined);
  if (costs.length > 0 && costs.every(cost => cost.unit === costs[0]!.unit)) {
    total.cost = {
      amount: costs.reduce((sum, cost) => sum + cost.amount, 0),
      unit: costs[0]!.unit,
    };
  }
  return total;
}

function dedupeWarnings(warnings: readonly ImageModelV1Warning[]): ImageModelV1Warning[] {
  const seen = new Set<string>();
  return warnings.filter(warning => {
    const key = JSON.stringify(warning);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Merge the outcomes of a generation's calls, in order. Throws the first failure when no call
 * produced an image; otherwise failures are kept in `failures` and summarised in a warning.
 */
export function mergeOutcomes(
  model: ModelReference,
  outcomes: readonly CallOutcome[],
  startedAt: number,
  extraWarnings: readonly ImageModelV1Warning[] = [],
): GenerateResult {
  const failures: CallFailure[] = [];
  const successes: ImageModelV1Result[] = [];
  outcomes.forEach((outcome, call) => {
    if (outcome.ok) successes.push(outcome.result);
    else failures.push({ call, error: outcome.error });
  });
  const images = successes.flatMap(result =>
    result.images.map(image => GeneratedImage.from(image)),
  );
  if (images.length === 0 && failures.length > 0) throw failures[0]!.error;
  const warnings = [...extraWarnings, ...successes.flatMap(result => result.warnings)];
  if (failures.length > 0) {
    warnings.push({
      type: 'other',
      message: `${failures.length} of ${outcomes.length} calls failed; returning the images of the others. First failure: ${failures[0]!.error.message}`,
    });
  }
  return {
    model,
    images,
    warnings: dedupeWarnings(warnings),
    usage: sumUsage(successes.map(result => result.usage)),
    providerMetadata: outcomes.map(outcome =>
      outcome.ok ? outcome.result.providerMetadata : undefined,
    ),
    responses: successes.map(result => result.response),
    failures,
    timings: {
      totalMs: Date.now() - startedAt,
      calls: outcomes.map(outcome => (outcome.ok ? outcome.result.timings : undefined)),
    },
  };
}

/** Split `count` images into per-call counts of at most `maxPerCall`, full calls first. */
export function splitImageCount(count: number, maxPerCall: number): number[] {
  const perCall = Math.max(1, Math.floor(maxPerCall));
  const counts: number[] = [];
  for (let remaining = count; remaining > 0; remaining -= perCall)
    counts.push(Math.min(perCall, remaining));
  return counts;
}

/**
 * The input of call `index` of a fan-out: its own `n`, and, when a seed was given, the seed
 * offset by the number of images before this call, so that providers numbering images within a
 * call (`seed`, `seed + 1`, …) never repeat a seed across calls.
 */
export function callInput(
  input: Record<string, unknown>,
  counts: readonly number[],
  index: number,
): Record<string, unknown> {
  if (counts.length === 1) return input;
  const before = counts.slice(0, index).reduce((sum, count) => sum + count, 0);
  const seed = typeof input.seed === 'number' ? { seed: input.seed + before } : {};
  return { ...input, ...seed, n: counts[index] };
}

/** Progress callback of one call, tagging its events with the call index. */
export function tagProgress(
  onProgress: ((event: GenerateProgressEvent) => void) | undefined,
  call: number,
): ImageModelV1CallOptions['onProgress'] {
  if (onProgress === undefined) return undefined;
  return event => {
    try {
      onProgress({ ...event, call });
    } catch {
      // A failing progress listener must not fail the generation.
    }
  };
}
