/**
 * The wire protocol of the reference service, a small made-up image API that exercises what real
 * providers do: JSON requests, base64 and URL results, an asynchronous job API, rate limits and
 * moderation.
 *
 *   POST /v1/images     { prompt, count, width, height, format, seed?, negative_prompt?, quality?,
 *                         image?, mask? (base64) }
 *                       → 200 { id, images: [{ b64, mime_type, width, height, seed }], usage: { credits } }
 *   POST /v1/jobs       { prompt, aspect_ratio, format, priority? } → 202 { id, poll_url }
 *   GET  <poll_url>     → 200 { id, status: queued | running | succeeded | failed | moderated,
 *                               progress?, result?: { url, mime_type, width, height }, error? }
 *   DELETE /v1/jobs/:id → 204
 *   errors              → { error: { code, message, stage? } }; 401 unauthorized, 400 invalid_request,
 *                         422 moderated (stage input|output), 429 rate_limited (+ Retry-After), 5xx
 *   auth                → Authorization: Bearer <key>
 */
import {
  ContentFilteredError,
  InvalidInputError,
  type ProviderError,
  providerErrorFromResponse,
  type ResponseLike,
} from '@easel/core';
import { z } from 'zod';

/** Provider id of the reference service. */
export const referenceProviderId = 'reference';

/** `POST /v1/images` answer: only the fields the adapter reads. */
export const referenceImagesResponseSchema = z.object({
  id: z.string(),
  images: z.array(
    z.object({
      b64: z.string(),
      mime_type: z.string().nullish(),
      width: z.number().nullish(),
      height: z.number().nullish(),
      seed: z.number().nullish(),
    }),
  ),
  usage: z.object({ credits: z.number() }).nullish(),
});

/** `POST /v1/jobs` answer. */
export const referenceJobResponseSchema = z.object({ id: z.string(), poll_url: z.string() });

/** A job's status. */
export const referenceJobStatusSchema = z.object({
  id: z.string(),
  status: z.string(),
  progress: z.number().nullish(),
  result: z
    .object({
      url: z.string(),
      mime_type: z.string().nullish(),
      width: z.number().nullish(),
      height: z.number().nullish(),
    })
    .nullish(),
  error: z
    .object({
      code: z.string().nullish(),
      message: z.string().nullish(),
      stage: z.string().nullish(),
    })
    .nullish(),
});

/** Every job status, classified. */
export const referenceJobStatuses = {
  pending: ['queued', 'running'],
  succeeded: ['succeeded'],
  failed: ['failed', 'moderated'],
} as const;

const errorBodySchema = z.object({
  error: z.object({
    code: z.string().nullish(),
    message: z.string().nullish(),
    stage: z.string().nullish(),
  }),
});

/** The typed error for an error response of the reference service. */
export function referenceErrorFromResponse(response: ResponseLike): Error {
  let body: z.infer<typeof errorBodySchema> | undefined;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(response.text()));
    body = parsed.success ? parsed.data : undefined;
  } catch {
    body = undefined;
  }
  const code = body?.error.code ?? undefined;
  const message = body?.error.message ?? undefined;
  if (code === 'moderated') {
    return new ContentFilteredError({
      provider: referenceProviderId,
      stage: body?.error.stage === 'output' ? 'output' : 'input',
      billed: false,
      status: response.status,
      ...(message === undefined ? {} : { reason: message }),
    });
  }
  if (response.status === 400 && code === 'invalid_request') {
    return new InvalidInputError({
      issues: [{ path: [], message: message ?? 'rejected by the provider' }],
    });
  }
  return providerErrorFromResponse(response, referenceProviderId, {
    ...(message === undefined ? {} : { message }),
    ...(code === undefined ? {} : { providerCode: code }),
  }) satisfies ProviderError;
}

/**
 * Poll URLs come from response bodies: poll only on the service's own origin, so a tampered
 * answer cannot make the adapter send its key elsewhere.
 */
export function isTrustedPollUrl(pollUrl: string, baseURL: string): boolean {
  try {
    return new URL(pollUrl).origin === new URL(baseURL).origin;
  } catch {
    return false;
  }
}
