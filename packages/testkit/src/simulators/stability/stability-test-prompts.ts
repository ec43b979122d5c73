/**
 * Prompts that trigger documented outcomes. The simulator looks for them as substrings of the
 * `prompt` field of a request that passed validation, checked in this order:
 * - `rateLimited`: 429 `rate_limit_exceeded`, worded with the configured limit ("You have exceeded
 *   the rate limit of 150 requests within a 10 second period, and have been timed out for 60
 *   seconds."); it does not start the rate limiter's penalty;
 * - `contentModeration`: 403 `content_moderation` ("…your request was denied and you were not
 *   charged.");
 * - `invalidLanguage`: 422 `invalid_language` ("English is the only supported language for this
 *   service.");
 * - `publicFigure`: 422 `public_figure`;
 * - `contentFiltered`: 200 with finish reason `CONTENT_FILTERED` and a blurred picture.
 *
 * @example
 * form.append('prompt', `a fox ${stabilityTestPrompts.contentFiltered}`);
 */
export const stabilityTestPrompts = {
  contentModeration: 'easel-test:content-moderation',
  contentFiltered: 'easel-test:content-filtered',
  invalidLanguage: 'easel-test:invalid-language',
  publicFigure: 'easel-test:public-figure',
  rateLimited: 'easel-test:rate-limited',
} as const;
