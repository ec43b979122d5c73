import type { ImageModelV1Usage, ImageModelV1Warning } from '@easel/core';
import type { StoredFile } from '../files/file-repository.js';

/** Replicate's prediction states. */
export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';

/** Webhook events a prediction can send (Replicate's names). */
export type WebhookEvent = 'start' | 'output' | 'logs' | 'completed';

/** Every webhook event, in lifecycle order: the default filter. */
export const webhookEvents: readonly WebhookEvent[] = ['start', 'output', 'logs', 'completed'];

/** Why a prediction failed, kept so that an idempotent replay answers as the first request did. */
export interface PredictionFailure {
  /** Gateway error code, e.g. `content_filtered`. */
  readonly code: string;
  readonly message: string;
  /** HTTP status the failure maps to. */
  readonly status: number;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether nothing was generated (so the request may be retried under the same key). */
  readonly retrySafe: boolean;
}

/** One output image: its file and what the provider said about it. */
export interface PredictionImage {
  readonly file: StoredFile;
  readonly seed?: number;
  readonly revisedPrompt?: string;
}

/** A prediction as the gateway stores it (JSON in the `predictions` namespace). */
export interface PredictionRecord {
  /** `p_` and 26 lowercase base32 characters. */
  readonly id: string;
  /** Canonical model path, e.g. `openai/gpt-image-1`. */
  readonly model: string;
  readonly provider: string;
  /** The input as received, with inline image data summarised. */
  readonly input: Readonly<Record<string, unknown>>;
  readonly status: PredictionStatus;
  /** ms since the epoch. */
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly completedAt?: number;
  readonly images: readonly PredictionImage[] | null;
  readonly failure: PredictionFailure | null;
  readonly logs: string;
  readonly warnings: readonly ImageModelV1Warning[];
  readonly usage: ImageModelV1Usage | null;
  /** Whether the provider is served by a local simulator. */
  readonly sandbox: boolean;
  /** Base URL for links when no `publicUrl` is configured: the creating request's. */
  readonly baseUrl: string;
  /** The Easel job, so that it can be cancelled (and, if resumable, resumed) later. */
  readonly job?: { readonly id: string; readonly resumable: boolean };
  readonly webhook?: { readonly url: string; readonly events: readonly WebhookEvent[] };
  /** The scoped `Idempotency-Key` that created it, if any. */
  readonly idempotencyKey?: string;
}

/** Whether the prediction reached a final state. */
export function isTerminal(status: PredictionStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'canceled';
}
