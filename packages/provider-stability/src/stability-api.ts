/**
 * The wire protocol of Stability's Stable Diffusion 3.5 endpoint (reference/providers.md §3):
 *
 *   POST {base}/v2beta/stable-image/generate/sd3     authorization: Bearer <key>
 *   body     multipart/form-data only, even without a file part: prompt, mode, image, strength,
 *            aspect_ratio, model, seed, output_format, style_preset, negative_prompt, cfg_scale
 *   accept   image/*            → 200 raw bytes; headers finish-reason, seed, content-type
 *            application/json   → 200 { image: base64, finish_reason, seed },
 *                                 content-type `application/json; type=image/png`
 *   errors   { id, name, errors: [message, …] } with 400, 403, 413, 422, 429, 500
 */
import {
  ContentFilteredError,
  InvalidInputError,
  type ProviderError,
  parseRetryAfter,
  providerErrorFromResponse,
  RateLimitError,
  type ResponseLike,
  rateLimitHeadersOf,
  requestIdOf,
} from '@easel/core';
import { z } from 'zod';

/** Provider id: model paths are `stability/<model id>`. */
export const stabilityProviderId = 'stability';

/** Path of the SD3.5 endpoint under the base URL. */
export const stabilityGeneratePath = '/v2beta/stable-image/generate/sd3';

/** Default base URL. */
export const stabilityDefaultBaseURL = 'https://api.stability.ai';

/** How Stability answers: raw image bytes (`accept: image/*`) or JSON with base64. */
export type StabilityResponseMode = 'bytes' | 'json';

/** The `accept` header of each response mode. */
export const stabilityAcceptHeaders: Readonly<Record<StabilityResponseMode, string>> = {
  bytes: 'image/*',
  json: 'application/json',
};

/** `finish_reason` of a generated image: `SUCCESS`, or `CONTENT_FILTERED` when moderation blurred it. */
export const contentFilteredReason = 'CONTENT_FILTERED';

/** The JSON answer (`accept: application/json`): only the fields the adapter reads. */
export const stabilityJsonResponseSchema = z.object({
  /**
   * Base64: a string, or (from `readJsonResponse` with `base64As: 'bytes'`) its ASCII bytes, a view
   * of the response body.
   */
  image: z.union([z.string().min(1), z.instanceof(Uint8Array).refine(bytes => bytes.length > 0)]),
  finish_reason: z.string().nullish(),
  seed: z.union([z.number(), z.string()]).nullish(),
});

/** Stability's error body. */
export const stabilityErrorSchema = z.object({
  id: z.string().nullish(),
  name: z.string(),
  errors: z.array(z.string()).min(1),
});

/** A parsed error body. */
export type StabilityErrorBody = z.output<typeof stabilityErrorSchema>;

/**
 * How long to wait after a 429 when no `Retry-After` says otherwise: Stability times a client out
 * for 60 s once it exceeds 150 requests in 10 s, so no retry can succeed sooner.
 */
export const stabilityRateLimitPenaltyMs = 60_000;

/** A numeric seed from a header or JSON value, when it is one. */
export function parseSeed(value: string | number | null | undefined): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (value === undefined || value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/** Stability's `{ id, name, errors }`, when the body is one. */
export function parseStabilityError(text: string): StabilityErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = stabilityErrorSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** What the error mapper needs to know about the request that failed. */
export interface StabilityErrorContext {
  /** The model id, for `InvalidInputError.model`. */
  readonly modelId: string;
}

/**
 * The typed error for an error answer of Stability:
 * - 403 `content_moderation` → `ContentFilteredError` (stage `input`, not billed: Stability says
 *   flagged requests are not charged);
 * - 422 `public_figure` → `ContentFilteredError` (stage `input`): a policy verdict on what the
 *   prompt or image shows, which no parameter change fixes;
 * - 422 `invalid_language` → `InvalidInputError` at `prompt` (English only);
 * - 413 `payload_too_large` → `InvalidInputError` at `image` (the request is over 10 MiB, and the
 *   input image is the only part that can make it so);
 * - 400 → `InvalidInputError` with Stability's messages;
 * - 429 → `RateLimitError`, `retryAfterMs` from `Retry-After`, else 60 000 (the documented penalty);
 * - 401 and everything else → `ProviderError` with Stability's message and `name` as `providerCode`.
 */
export function stabilityErrorFromResponse(
  response: ResponseLike,
  context: StabilityErrorContext,
): ContentFilteredError | InvalidInputError | ProviderError {
  const error = parseStabilityError(safeText(response));
  const status = response.status;
  const name = error?.name;
  const message = error?.errors.join('; ');
  const requestId = requestIdOf(response.headers) ?? error?.id ?? undefined;
  const model = `${stabilityProviderId}/${context.modelId}`;
  const rejected = (path: string[], text: string) =>
    new InvalidInputError({
      model,
      issues: [{ path, message: `Stability rejected it (${name ?? status}): ${text}` }],
    });

  if (name === 'content_moderation' || name === 'public_figure') {
    return new ContentFilteredError({
      provider: stabilityProviderId,
      stage: 'input',
      reason: name === 'public_figure' ? `public_figure: ${message}` : message,
      ...(name === 'content_moderation' ? { billed: false } : {}),
      status,
      ...(requestId === undefined ? {} : { requestId }),
    });
  }
  if (message !== undefined) {
    if (name === 'invalid_language') return rejected(['prompt'], message);
    if (status === 413 || name === 'payload_too_large') {
      return rejected(
        ['image'],
        `${message} (Stability accepts requests up to 10 MiB; send a smaller input image)`,
      );
    }
    if (status === 400 || status === 422) return rejected([], message);
  }
  if (status === 429) {
    const body = safeText(response);
    return new RateLimitError({
      provider: stabilityProviderId,
      message: message ?? (body.trim().slice(0, 300) || 'rate limit exceeded'),
      status,
      url: response.url,
      responseBody: body,
      retryAfterMs: parseRetryAfter(response.headers) ?? stabilityRateLimitPenaltyMs,
      limits: rateLimitHeadersOf(response.headers),
      ...(name === undefined ? {} : { providerCode: name }),
      ...(requestId === undefined ? {} : { requestId }),
    });
  }
  const details = {
    ...(message === undefined ? {} : { message }),
    ...(name === undefined ? {} : { providerCode: name }),
  };
  if (status === 401) {
    const said = (message ?? 'unauthorized').replace(/[.\s]+$/, '');
    return providerErrorFromResponse(response, stabilityProviderId, {
      ...details,
      message: `${said}. Check the apiKey setting or STABILITY_API_KEY.`,
    });
  }
  return providerErrorFromResponse(response, stabilityProviderId, details);
}

function safeText(response: ResponseLike): string {
  try {
    return response.text();
  } catch {
    return '';
  }
}
