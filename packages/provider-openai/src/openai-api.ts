import {
  ContentFilteredError,
  type ImageModelV1Usage,
  InvalidInputError,
  ProviderError,
  providerErrorFromResponse,
  type ResponseLike,
  requestIdOf,
} from '@easel/core';
import { z } from 'zod';

/** Provider id of OpenAI. */
export const openaiProviderId = 'openai';

/**
 * A base64 value of a large answer: a string, or (from `readJsonResponse` with `base64As: 'bytes'`)
 * its ASCII bytes, a view of the response body.
 */
const base64Text = z.union([z.string(), z.instanceof(Uint8Array)]);

const usageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  input_tokens_details: z
    .object({ text_tokens: z.number().nullish(), image_tokens: z.number().nullish() })
    .nullish(),
  output_tokens_details: z
    .object({ text_tokens: z.number().nullish(), image_tokens: z.number().nullish() })
    .nullish(),
});

/** `ImagesResponse`: only the fields the adapter reads (OpenAI adds fields; they must not break us). */
export const imagesResponseSchema = z.object({
  created: z.number().nullish(),
  data: z
    .array(
      z.object({
        b64_json: base64Text.nullish(),
        url: z.string().nullish(),
        revised_prompt: z.string().nullish(),
      }),
    )
    .nullish(),
  background: z.string().nullish(),
  output_format: z.string().nullish(),
  size: z.string().nullish(),
  quality: z.string().nullish(),
  usage: usageSchema.nullish(),
});

/** A streamed event (`image_generation.*`, `image_edit.*`, or `error`). */
export const imageStreamEventSchema = z.object({
  type: z.string(),
  b64_json: z.string().nullish(),
  partial_image_index: z.number().nullish(),
  output_format: z.string().nullish(),
  size: z.string().nullish(),
  usage: usageSchema.nullish(),
  error: z
    .object({
      message: z.string().nullish(),
      code: z.string().nullish(),
      type: z.string().nullish(),
    })
    .nullish(),
});

/** OpenAI's usage in Easel's words. */
export function toUsage(
  usage: z.infer<typeof usageSchema> | null | undefined,
): ImageModelV1Usage | undefined {
  if (!usage) return undefined;
  const entries: Array<[keyof ImageModelV1Usage, number | null | undefined]> = [
    ['inputTokens', usage.input_tokens],
    ['outputTokens', usage.output_tokens],
    ['totalTokens', usage.total_tokens],
    ['inputTextTokens', usage.input_tokens_details?.text_tokens],
    ['inputImageTokens', usage.input_tokens_details?.image_tokens],
    ['outputTextTokens', usage.output_tokens_details?.text_tokens],
    ['outputImageTokens', usage.output_tokens_details?.image_tokens],
  ];
  return Object.fromEntries(entries.filter(([, value]) => typeof value === 'number'));
}

const errorBodySchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.string().nullish(),
    moderation_details: z.object({ moderation_stage: z.string().nullish() }).nullish(),
  }),
});

/** OpenAI's error fields, when the body has them. */
export function parseOpenAIError(
  text: string,
): z.infer<typeof errorBodySchema>['error'] | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

const verificationHelp =
  'GPT image models need a verified OpenAI organization: verify it at https://platform.openai.com/settings/organization/general (access can take up to 15 minutes to propagate), or use dall-e-3 meanwhile.';

/**
 * The typed error for an OpenAI error response (sources: the spec's `Error` schema and the
 * observed payloads in reference/providers.md §1.6): moderation → `ContentFilteredError`; a 400
 * naming a parameter → `InvalidInputError` at that parameter; the unverified-organization 403
 * explained; 429 → `RateLimitError`; the rest → `ProviderError`.
 */
export function openaiErrorFromResponse(response: ResponseLike, modelId: string): Error {
  const text = safeText(response);
  const error = parseOpenAIError(text);
  const message = error?.message ?? undefined;
  const code = error?.code ?? undefined;
  const requestId = requestIdOf(response.headers);
  if (code === 'moderation_blocked' || code === 'content_policy_violation') {
    return new ContentFilteredError({
      provider: openaiProviderId,
      stage: error?.moderation_details?.moderation_stage === 'output' ? 'output' : 'input',
      status: response.status,
      ...(message ? { reason: message } : {}),
      ...(requestId ? { requestId } : {}),
    });
  }
  if (response.status === 403 && message && /organization must be verified/i.test(message)) {
    return new ProviderError({
      provider: openaiProviderId,
      status: 403,
      message: `${message} ${verificationHelp}`,
      providerCode: 'organization_not_verified',
      retryable: false,
      url: response.url,
      ...(requestId ? { requestId } : {}),
    });
  }
  if (response.status === 400 && error?.param && message) {
    const path = error.param.replace(/\[\]$/, '');
    return new InvalidInputError({
      model: `${openaiProviderId}/${modelId}`,
      issues: [
        { path: [path], message: `OpenAI rejected it: ${message}${code ? ` (${code})` : ''}` },
      ],
    });
  }
  return providerErrorFromResponse(response, openaiProviderId, {
    ...(message ? { message } : {}),
    ...(code ? { providerCode: code } : error?.type ? { providerCode: error.type } : {}),
  });
}

function safeText(response: ResponseLike): string {
  try {
    return response.text();
  } catch {
    return '';
  }
}
