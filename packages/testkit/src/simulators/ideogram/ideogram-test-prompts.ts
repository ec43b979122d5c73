/**
 * Prompts that trigger documented outcomes: a `prompt` containing one of these strings
 * (case-sensitive substring match) gets the matching answer. Reframe has no prompt, so none of
 * them applies to it. Checked after the spec and the request rules, in this order:
 *
 * - `rateLimited`: 429 problem details, `{"type":"about:blank","title":"Too Many Requests",
 *   "detail":"…","status":429}`, without `Retry-After` (Ideogram does not promise one);
 * - `unsafePrompt`: 422 `{"error":"Prompt provided failed safety check due to the inclusion of
 *   prohibited content."}` (the spec's `GenerateImageSafetyError`);
 * - `unsafeAll`: 200, every item with `is_image_safe: false` and `url: null`;
 * - `unsafeOne`: 200, the first item with `is_image_safe: false` and `url: null`, the others safe.
 *
 * @example
 * form.append('prompt', `a lighthouse ${ideogramTestPrompts.unsafeOne}`);
 */
export const ideogramTestPrompts = {
  unsafePrompt: 'easel-test:unsafe-prompt',
  unsafeOne: 'easel-test:unsafe-one',
  unsafeAll: 'easel-test:unsafe-all',
  rateLimited: 'easel-test:rate-limited',
} as const;
