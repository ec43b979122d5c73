import type { ImageModelV1Usage, ImageModelV1Warning } from '@easel/core';
import type { PredictionImage, PredictionRecord, PredictionStatus } from './prediction-record.js';

/** A prediction as the API returns it: Replicate's prediction object plus Easel's fields. */
export interface PredictionJson {
  readonly id: string;
  readonly model: string;
  /** Always `hidden`: as Replicate answers for models without public versions. */
  readonly version: 'hidden';
  readonly input: Readonly<Record<string, unknown>>;
  /** Image URLs (or `data:` URIs when asked for), once succeeded; `null` before or after removal. */
  readonly output: readonly string[] | null;
  readonly error: string | null;
  /** The gateway error code of a failed prediction, e.g. `content_filtered`. */
  readonly error_code: string | null;
  readonly logs: string;
  readonly status: PredictionStatus;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly completed_at: string | null;
  /** Whether the output files have expired (their URLs no longer work). */
  readonly data_removed: boolean;
  readonly source: 'api';
  readonly metrics: {
    readonly predict_time?: number;
    readonly total_time?: number;
    readonly image_count?: number;
  };
  readonly urls: { readonly get: string; readonly cancel: string };
  readonly warnings: readonly ImageModelV1Warning[];
  readonly usage: Readonly<Record<string, unknown>> | null;
  /**
   * What each output image is, in `output`'s order, once succeeded (`null` before): the seed the
   * provider reports having used (absent when it reports none), the pixel size, the media type and
   * a revised prompt (dall-e-3). Replicate has no such field; its clients ignore it.
   */
  readonly images: readonly PredictionImageJson[] | null;
  /** Whether the model is served by a local simulator rather than the real provider. */
  readonly sandbox: boolean;
}

/** One entry of `PredictionJson.images`. */
export interface PredictionImageJson {
  readonly content_type: string;
  readonly width?: number;
  readonly height?: number;
  readonly seed?: number;
  readonly revised_prompt?: string;
}

/** Options of `predictionView`. */
export interface PredictionViewOptions {
  /** Base URL of links (the `publicUrl`, or the record's). */
  readonly baseUrl: string;
  /** Output entries to use instead of file URLs (data URIs, or their splice placeholders). */
  readonly output?: readonly string[];
  /** Clock, ms since the epoch. */
  readonly now: number;
}

/** Easel usage with snake_case names, as JSON APIs spell them. */
export function usageJson(
  usage: ImageModelV1Usage | null | undefined,
): Record<string, unknown> | null {
  if (usage === null || usage === undefined) return null;
  const names: Array<[keyof ImageModelV1Usage, string]> = [
    ['inputTokens', 'input_tokens'],
    ['outputTokens', 'output_tokens'],
    ['totalTokens', 'total_tokens'],
    ['inputTextTokens', 'input_text_tokens'],
    ['inputImageTokens', 'input_image_tokens'],
    ['outputTextTokens', 'output_text_tokens'],
    ['outputImageTokens', 'output_image_tokens'],
    ['cost', 'cost'],
  ];
  const json: Record<string, unknown> = {};
  for (const [from, to] of names) if (usage[from] !== undefined) json[to] = usage[from];
  return json;
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** The file URL of a stored file. */
export function fileUrl(baseUrl: string, fileId: string): string {
  return `${baseUrl}/v1/files/${fileId}`;
}

/** Render a stored prediction as Replicate's prediction object. */
export function predictionView(
  record: PredictionRecord,
  options: PredictionViewOptions,
): PredictionJson {
  const { baseUrl } = options;
  const images = record.images ?? [];
  const expired =
    options.output === undefined &&
    images.length > 0 &&
    images.some(image => image.file.expiresAt <= options.now);
  let output: readonly string[] | null = null;
  if (record.status === 'succeeded' && !expired) {
    output = options.output ?? images.map(image => fileUrl(baseUrl, image.file.id));
  }
  const metrics: { predict_time?: number; total_time?: number; image_count?: number } = {};
  if (record.completedAt !== undefined) {
    if (record.startedAt !== undefined) {
      metrics.predict_time = seconds(record.completedAt - record.startedAt);
    }
    metrics.total_time = seconds(record.completedAt - record.createdAt);
  }
  if (record.status === 'succeeded') metrics.image_count = images.length;
  const self = `${baseUrl}/v1/predictions/${record.id}`;
  return {
    id: record.id,
    model: record.model,
    version: 'hidden',
    input: record.input,
    output,
    error: record.failure?.message ?? null,
    error_code: record.failure?.code ?? null,
    logs: record.logs,
    status: record.status,
    created_at: iso(record.createdAt)!,
    started_at: iso(record.startedAt),
    completed_at: iso(record.completedAt),
    data_removed: expired,
    source: 'api',
    metrics,
    urls: { get: self, cancel: `${self}/cancel` },
    warnings: record.warnings,
    usage: usageJson(record.usage),
    images: record.status === 'succeeded' ? images.map(imageJson) : null,
    sandbox: record.sandbox,
  };
}

function imageJson(image: PredictionImage): PredictionImageJson {
  const { file } = image;
  return {
    content_type: file.mediaType,
    ...(file.width === undefined ? {} : { width: file.width }),
    ...(file.height === undefined ? {} : { height: file.height }),
    ...(image.seed === undefined ? {} : { seed: image.seed }),
    ...(image.revisedPrompt === undefined ? {} : { revised_prompt: image.revisedPrompt }),
  };
}
