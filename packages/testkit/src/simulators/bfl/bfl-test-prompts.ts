/**
 * Prompts that trigger documented outcomes: a prompt containing one of these strings
 * (case-sensitive substring match) makes the job end that way. Each is a `200` on every poll,
 * never an HTTP error, as BFL answers them. Checked in this order:
 *
 * - `requestModerated`: status `Request Moderated` (the input was flagged). Decided at submission,
 *   so the job is terminal at once: the first poll already answers it, it never counts as an
 *   active task and it is not charged.
 * - `contentModerated`: status `Content Moderated` (the output was flagged), once the job's
 *   duration has passed; refunded when it turns terminal.
 * - `error`: status `Error` (processing failed), once the job's duration has passed; refunded
 *   when it turns terminal.
 *
 * @example
 * body: { prompt: `a red fox ${bflTestPrompts.contentModerated}` } // polls Pending, then Content Moderated
 */
export const bflTestPrompts = {
  requestModerated: 'easel-test:request-moderated',
  contentModerated: 'easel-test:content-moderated',
  error: 'easel-test:error',
} as const;
