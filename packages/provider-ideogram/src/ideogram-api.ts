/**
 * The wire protocol of Ideogram V3 (shared/specs/ideogram-v3.openapi.json):
 *
 *   POST {base}/v1/ideogram-v3/{generate|edit|remix|reframe|replace-background}
 *        Api-Key: <key>, multipart/form-data (color_palette as an application/json part,
 *        arrays as repeated parts)
 *   200  { created: ISO-8601, data: [{ url | null, prompt, resolution, upscaled_resolution?,
 *        is_image_safe, seed, style_type? }] }; url is null when is_image_safe is false
 *   422  { error: "… failed safety check …" }    400, 401/403, 429: bodies not documented
 *
 * Result URLs are ephemeral and live on another origin: they are downloaded at once, and the key
 * goes only to the API's own origin.
 */
import {
  ContentFilteredError,
  InvalidInputError,
  type ProviderError,
  providerErrorFromResponse,
  type ResponseLike,
  requestIdOf,
} from '@easel/core';
import { z } from 'zod';
import type { IdeogramOperation } from './ideogram-operations.js';

/** Provider id of Ideogram: model paths are `ideogram/<model id>`. */
export const ideogramProviderId = 'ideogram';

/** Where requests go unless `baseURL` or `IDEOGRAM_BASE_URL` says otherwise. */
export const ideogramDefaultBaseURL = 'https://api.ideogram.ai';

/** The URL of an operation. */
export function ideogramOperationUrl(baseURL: string, operation: IdeogramOperation): string {
  return `${baseURL}/v1/ideogram-v3/${operation}`;
}

/**
 * Credentials for downloading result URLs: the key is offered to the API's own origin only (the
 * guarded downloader compares origins exactly), so a file host never sees it.
 */
export function ideogramDownloadCredentials(
  baseURL: string,
  apiKey: string,
): { origin: string; headers: Record<string, string> } {
  return { origin: new URL(baseURL).origin, headers: { 'api-key': apiKey } };
}

/** `ImageGenerationResponseV3`: only the fields the adapter reads. */
export const ideogramResponseSchema = z.object({
  created: z.string().nullish(),
  data: z.array(
    z.object({
      url: z.string().nullish(),
      prompt: z.string().nullish(),
      resolution: z.string().nullish(),
      upscaled_resolution: z.string().nullish(),
      is_image_safe: z.boolean().nullish(),
      seed: z.number().nullish(),
      style_type: z.string().nullish(),
    }),
  ),
});

/** A parsed Ideogram answer. */
export type IdeogramResponse = z.output<typeof ideogramResponseSchema>;

/**
 * Error bodies: the spec documents only the 422 `{ error }`; the service behind it (connexion)
 * answers problem documents `{ detail, title }` for 400s, and proxies answer `{ message }` or
 * `{ error: { message } }`. Every shape yields one message.
 */
const errorBodySchema = z.object({
  error: z
    .union([z.string(), z.object({ message: z.string().nullish(), code: z.string().nullish() })])
    .nullish(),
  detail: z.union([z.string(), z.array(z.unknown())]).nullish(),
  title: z.string().nullish(),
  message: z.string().nullish(),
  code: z.string().nullish(),
});

/** Ideogram's message and code, when the body has them. */
export function parseIdeogramError(
  response: ResponseLike,
): { message?: string; code?: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(response.text());
  } catch {
    return undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const body = parsed.data;
  const error = typeof body.error === 'string' ? { message: body.error } : body.error;
  const detail = Array.isArray(body.detail) ? JSON.stringify(body.detail) : body.detail;
  const message = error?.message ?? detail ?? body.message ?? body.title ?? undefined;
  const code = (typeof body.error === 'object' ? body.error?.code : undefined) ?? body.code;
  return {
    ...(message ? { message } : {}),
    ...(code ? { code } : {}),
  };
}

/** What the error mapper needs to know about the request that failed. */
export interface IdeogramErrorContext {
  readonly modelId: string;
  readonly operation: IdeogramOperation;
  /** Wire fields of the request, to point a 400 at the field it names. */
  readonly fields: readonly string[];
}

/** The input name of the field a 400 message names first, if it names one of the request's. */
function fieldNamed(message: string, fields: readonly string[]): string | undefined {
  let named: { field: string; at: number } | undefined;
  for (const field of fields) {
    const at = message.search(new RegExp(`\\b${field}\\b`));
    if (at !== -1 && (named === undefined || at < named.at)) named = { field, at };
  }
  if (named?.field === 'num_images') return 'n';
  if (named?.field === 'image') return 'images';
  return named?.field;
}

/**
 * The typed error for an Ideogram error answer:
 * - 422 (the safety check failed on the prompt or an input image) → `ContentFilteredError`,
 *   stage `input`;
 * - 400 with a message → `InvalidInputError` with Ideogram's message, at the field it names (the
 *   input as a whole otherwise): Easel has checked everything the spec states, so what is left is
 *   Ideogram's own rule about this input; a 400 without a message → `ProviderError`;
 * - 401 and 403 → `ProviderError` saying the key was refused;
 * - 429 → `RateLimitError`; anything else → `ProviderError` (core's mapping, Ideogram's message).
 */
export function ideogramErrorFromResponse(
  response: ResponseLike,
  context: IdeogramErrorContext,
): ContentFilteredError | InvalidInputError | ProviderError {
  const parsed = parseIdeogramError(response);
  const message = parsed?.message;
  const status = response.status;
  const requestId = requestIdOf(response.headers);
  if (status === 422) {
    return new ContentFilteredError({
      provider: ideogramProviderId,
      stage: 'input',
      reason: message ?? `the ${context.operation} request failed Ideogram's safety check`,
      status,
      ...(requestId ? { requestId } : {}),
    });
  }
  if (status === 400 && message !== undefined) {
    const field = fieldNamed(message, context.fields);
    return new InvalidInputError({
      model: `${ideogramProviderId}/${context.modelId}`,
      issues: [
        {
          path: field === undefined ? [] : [field],
          message: `Ideogram rejected the ${context.operation} request: ${message}`,
        },
      ],
    });
  }
  if (status === 401 || status === 403) {
    const quoted = message ? ` ("${message}")` : '';
    return providerErrorFromResponse(response, ideogramProviderId, {
      message: `Ideogram refused the API key${quoted}: check the apiKey setting or IDEOGRAM_API_KEY`,
      providerCode: parsed?.code ?? 'unauthorized',
    });
  }
  return providerErrorFromResponse(response, ideogramProviderId, {
    ...(message ? { message } : {}),
    ...(parsed?.code ? { providerCode: parsed.code } : {}),
  });
}
