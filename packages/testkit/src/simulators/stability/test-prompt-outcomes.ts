import type { FinishReason } from './sd3-image.js';
import type { StabilityErrorName } from './stability-error.js';
import { rateLimitMessage, type StabilityRateLimit } from './stability-rate-limiter.js';
import { stabilityTestPrompts } from './stability-test-prompts.js';

/** An error a test prompt triggers. */
export interface TestPromptRefusal {
  readonly name: StabilityErrorName;
  readonly message: string;
}

const moderationMessage =
  'Your request was flagged by our content moderation system, as a result your request was denied and you were not charged.';
const languageMessage = 'English is the only supported language for this service.';
const publicFigureMessage =
  'Our system detected the likeness of a public figure in your request. Generating images of public figures is not supported; please modify your request.';

/**
 * The error a prompt triggers, checking `rateLimited` (worded with `limit`), then
 * `contentModeration`, `invalidLanguage` and `publicFigure`.
 *
 * @returns `undefined` when the prompt holds none of them.
 */
export function findTestPromptRefusal(
  prompt: string,
  limit: StabilityRateLimit,
): TestPromptRefusal | undefined {
  if (prompt.includes(stabilityTestPrompts.rateLimited)) {
    return { name: 'rate_limit_exceeded', message: rateLimitMessage(limit) };
  }
  if (prompt.includes(stabilityTestPrompts.contentModeration)) {
    return { name: 'content_moderation', message: moderationMessage };
  }
  if (prompt.includes(stabilityTestPrompts.invalidLanguage)) {
    return { name: 'invalid_language', message: languageMessage };
  }
  if (prompt.includes(stabilityTestPrompts.publicFigure)) {
    return { name: 'public_figure', message: publicFigureMessage };
  }
  return undefined;
}

/** `CONTENT_FILTERED` when the prompt holds `contentFiltered`, else `SUCCESS`. */
export function finishReasonFor(prompt: string): FinishReason {
  return prompt.includes(stabilityTestPrompts.contentFiltered) ? 'CONTENT_FILTERED' : 'SUCCESS';
}
