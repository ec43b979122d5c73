import { OpenAIApiError } from './openai-api-error.js';
import type { OpenAIModelFamily } from './openai-models.js';
import { openaiTestPrompts } from './openai-test-prompts.js';

/** The images-per-minute limit the simulated organization has. */
export const imagesPerMinuteLimit = 5;

/** Seconds until the next image is allowed, when the limit is reached. */
export const rateLimitResetSeconds = 60 / imagesPerMinuteLimit;

/**
 * Answers the rate-limit test prompt as OpenAI's limiter does.
 *
 * @throws OpenAIApiError 429 `rate_limit_exceeded` (type `requests`) with `retry-after` and the
 *   `x-ratelimit-*` headers, when `prompt` contains `openaiTestPrompts.rateLimited`.
 */
export function checkRateLimit(
  prompt: string,
  details: { readonly model: string; readonly organization: string; readonly images: number },
): void {
  if (!prompt.includes(openaiTestPrompts.rateLimited)) return;
  throw new OpenAIApiError({
    status: 429,
    message: `Rate limit reached for ${details.model} in organization ${details.organization} on images per minute (IPM): Limit ${imagesPerMinuteLimit}, Used ${imagesPerMinuteLimit}, Requested ${details.images}. Please try again in ${rateLimitResetSeconds}s.`,
    type: 'requests',
    code: 'rate_limit_exceeded',
    headers: {
      'retry-after': String(rateLimitResetSeconds),
      'x-ratelimit-limit-requests': String(imagesPerMinuteLimit),
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': `${rateLimitResetSeconds}s`,
    },
  });
}

/**
 * Answers the moderation test prompt as each family's safety system does.
 *
 * @throws OpenAIApiError 400 `moderation_blocked` (type `image_generation_user_error`) for the GPT
 *   image models, 400 `content_policy_violation` for DALL·E, when `prompt` contains
 *   `openaiTestPrompts.moderationBlocked`.
 */
export function checkModeration(
  prompt: string,
  details: { readonly family: OpenAIModelFamily; readonly requestId: string },
): void {
  if (!prompt.includes(openaiTestPrompts.moderationBlocked)) return;
  if (details.family === 'gpt-image') {
    throw new OpenAIApiError({
      status: 400,
      message: `Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID ${details.requestId}.`,
      type: 'image_generation_user_error',
      code: 'moderation_blocked',
    });
  }
  throw new OpenAIApiError({
    status: 400,
    message:
      'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
    code: 'content_policy_violation',
  });
}
