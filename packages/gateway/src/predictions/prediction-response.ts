import type { GeneratedImage } from '@easel/core';
import type { FastifyReply } from 'fastify';
import type { FileRepository } from '../files/file-repository.js';
import { GatewayError } from '../http/gateway-error.js';
import { SplicedJson } from '../http/spliced-json.js';
import { isTerminal, type PredictionRecord } from './prediction-record.js';
import { predictionView } from './prediction-view.js';

/** How to answer with a prediction. */
export interface PredictionAnswer {
  readonly record: PredictionRecord;
  /** The images still in memory (a prediction that finished during this request). */
  readonly images?: readonly GeneratedImage[];
  /** Base URL of links. */
  readonly baseUrl: string;
  /** Put `data:` URIs in `output` instead of file URLs. */
  readonly dataUris: boolean;
  /** HTTP status for an unfinished prediction / a finished one (creation: 202/201, reads: 200). */
  readonly status: { readonly pending: number; readonly finished: number };
  /** Extra headers (`Preference-Applied`, `Idempotent-Replayed`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The error a failed prediction answers with when a creating request sees it fail. */
export function failedPredictionError(record: PredictionRecord): GatewayError {
  const failure = record.failure ?? {
    code: 'prediction_failed',
    message: 'The prediction failed.',
    status: 502,
    retrySafe: false,
  };
  return new GatewayError({
    status: failure.status,
    code: failure.code,
    message: failure.message,
    details: { ...failure.details, prediction_id: record.id },
    headers: failure.headers ?? {},
  });
}

async function dataUrisOf(
  record: PredictionRecord,
  images: readonly GeneratedImage[] | undefined,
  files: FileRepository,
  json: SplicedJson,
): Promise<string[] | undefined> {
  if (record.status !== 'succeeded' || record.images === null) return undefined;
  if (images !== undefined && images.length === record.images.length) {
    // The provider's own base64 when it sent one, as the bytes of its answer where it has them:
    // no re-encoding, and no string of a multi-megabyte image.
    return images.map(image =>
      json.placeholder(image.base64Bytes ?? image.base64, `data:${image.mediaType};base64,`),
    );
  }
  const uris: string[] = [];
  for (const image of record.images) {
    const content = await files.get(image.file.id);
    if (content === undefined) return undefined;
    const { bytes } = content;
    const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    uris.push(json.placeholder(base64, `data:${content.file.mediaType};base64,`));
  }
  return uris;
}

/** Send a prediction: Replicate's JSON, with `Location` while unfinished. */
export async function sendPrediction(
  reply: FastifyReply,
  answer: PredictionAnswer,
  files: FileRepository,
): Promise<FastifyReply> {
  const { record } = answer;
  const json = new SplicedJson();
  const output = answer.dataUris ? await dataUrisOf(record, answer.images, files, json) : undefined;
  const view = predictionView(record, {
    baseUrl: answer.baseUrl,
    now: Date.now(),
    ...(output === undefined ? {} : { output }),
  });
  const finished = isTerminal(record.status);
  if (!finished) reply.header('location', view.urls.get);
  if (answer.headers) reply.headers(answer.headers);
  return json.send(reply.code(finished ? answer.status.finished : answer.status.pending), view);
}
