/**
 * Prompts that trigger documented outcomes: a prompt containing one of these strings
 * (case-sensitive substring match) gets the matching error from the simulator.
 *
 * - `moderationBlocked`: 400 `moderation_blocked` (GPT image models) or `content_policy_violation`
 *   (DALL·E), as OpenAI's safety system answers.
 * - `rateLimited`: 429 `rate_limit_exceeded` with `retry-after: 12` and the `x-ratelimit-*` headers.
 *
 * @example
 * await generate({ prompt: `a cat ${openaiTestPrompts.rateLimited}` }); // → 429
 */
export const openaiTestPrompts = {
  moderationBlocked: 'easel-test:moderation-blocked',
  rateLimited: 'easel-test:rate-limited',
} as const;
