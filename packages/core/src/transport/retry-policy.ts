import { withDefaults } from './with-defaults.js';

/**
 * When and how often the transport retries. Requests that are safe to repeat (GET, polling) are
 * retried on `retryableStatuses` and on any connection failure. A non-idempotent request (a paid
 * generation POST) is retried only when the upstream provably did not accept it: a status in
 * `notAcceptedStatuses`, or a connection failure before the request was fully written.
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. Default 3. */
  readonly maxAttempts: number;
  /** Base of the exponential backoff, ms. Default 500. */
  readonly baseDelayMs: number;
  /** Cap on one backoff delay (before adding Retry-After), ms. Default 8000. */
  readonly maxDelayMs: number;
  /** Longest Retry-After honoured, ms; a longer one ends retrying. Default 60 000. */
  readonly maxRetryAfterMs: number;
  /**
   * Retry-After assumed for a 429 that carries none, ms, for providers whose rate-limit penalty is
   * documented but not sent (Stability times a client out for 60 s). Default: none, so the backoff
   * alone decides.
   */
  readonly assumedRetryAfterMs?: number | undefined;
  /** Statuses retried when the request is safe to repeat. Default 408, 409, 425, 429, 500, 502, 503, 504. */
  readonly retryableStatuses: readonly number[];
  /** Statuses meaning "not accepted, nothing done": retried even for paid POSTs. Default 408, 425, 429, 503. */
  readonly notAcceptedStatuses: readonly number[];
  /** Random source in [0, 1), injectable for tests. Default `Math.random`. */
  readonly random: () => number;
}

/** The default retry policy. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  retryableStatuses: [408, 409, 425, 429, 500, 502, 503, 504],
  notAcceptedStatuses: [408, 425, 429, 503],
  random: Math.random,
};

/** A policy that never retries. */
export const noRetryPolicy: RetryPolicy = { ...defaultRetryPolicy, maxAttempts: 1 };

/** Merge partial settings (or `false` for no retries) over the default. */
export function resolveRetryPolicy(policy: Partial<RetryPolicy> | false | undefined): RetryPolicy {
  if (policy === false) return noRetryPolicy;
  return withDefaults(defaultRetryPolicy, policy);
}

/**
 * Delay before attempt `failures + 1`: full jitter, `random(0, min(cap, base·2^(failures-1)))`,
 * added on top of any Retry-After so the wait is never shorter than the server asked.
 */
export function retryDelay(
  policy: RetryPolicy,
  failures: number,
  retryAfterMs: number | undefined,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round((retryAfterMs ?? 0) + policy.random() * ceiling);
}

/** Whether a response status may be retried, given whether the request is safe to repeat. */
export function isRetryableResponse(
  policy: RetryPolicy,
  status: number,
  idempotent: boolean,
): boolean {
  return idempotent
    ? policy.retryableStatuses.includes(status)
    : policy.notAcceptedStatuses.includes(status);
}
