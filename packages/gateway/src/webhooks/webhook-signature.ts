import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Replicate signs webhooks with the Standard Webhooks scheme:
 * - https://replicate.com/docs/topics/webhooks/verify-webhook: headers `webhook-id` (same for
 *   every retry of one message), `webhook-timestamp` (unix seconds), `webhook-signature` (a
 *   space-delimited list); signed content `${webhook_id}.${webhook_timestamp}.${body}` with the
 *   raw body; the secret is `whsec_<base64>` and the key is its base64-decoded part.
 * - https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md and
 *   its reference code (libraries/javascript/src/index.ts): signature `v1,<base64 HMAC-SHA256>`,
 *   entries of other versions skipped, a 5-minute timestamp tolerance both ways.
 * Replicate's own client (`validateWebhook` in replicate/lib/util.js) takes the key as the part
 * after the last `_` of the secret and decodes it with `atob`, so secrets use standard base64
 * (`+/=`), never base64url, whose `_` would break that split.
 */

const secretPrefix = 'whsec_';
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/** Default `toleranceSeconds` of `verifyWebhook`: 5 minutes, as the Standard Webhooks libraries use. */
export const defaultWebhookToleranceSeconds = 300;

/** Bytes of key material in a generated secret (Standard Webhooks asks for 24–64). */
const generatedSecretBytes = 32;

/** The HMAC key of a `whsec_<base64>` secret (the prefix is optional). Throws `TypeError` on a malformed one. */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  if (!base64Pattern.test(encoded) || encoded.length % 4 === 1) {
    throw new TypeError('A webhook secret must be "whsec_" followed by standard base64.');
  }
  return Buffer.from(encoded, 'base64');
}

function hmac(key: Buffer, id: string, timestampSeconds: number | string, body: string): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest();
}

/**
 * The `webhook-signature` header value for one delivery: `v1,<base64 HMAC-SHA256>` of
 * `${id}.${timestampSeconds}.${body}`, keyed with the base64-decoded part of `secret`
 * (`whsec_<base64>`). Throws `TypeError` on a malformed secret.
 *
 * @example signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')
 * // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 */
export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  return `v1,${hmac(secretKey(secret), id, timestampSeconds, body).toString('base64')}`;
}

/** Options of `verifyWebhook`. */
export interface VerifyWebhookOptions {
  /** Largest accepted distance between `webhook-timestamp` and now, seconds, either way. Default 300. */
  toleranceSeconds?: number;
  /** Clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/**
 * Whether a received webhook is authentic: the three `webhook-*` headers are present (names are
 * matched case-insensitively), the timestamp is within `toleranceSeconds` of now, and one `v1`
 * entry of `webhook-signature` matches, compared in constant time. `body` must be the raw body as
 * received. Throws `TypeError` on a malformed secret (a configuration error, not a bad request).
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  options: VerifyWebhookOptions = {},
): boolean {
  const key = secretKey(secret);
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (id === undefined || timestamp === undefined || signatures === undefined) return false;
  if (!/^\d{1,15}$/.test(timestamp)) return false;
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const tolerance = options.toleranceSeconds ?? defaultWebhookToleranceSeconds;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return false;
  const expected = hmac(key, id, timestamp, body);
  let matched = false;
  for (const entry of signatures.split(' ')) {
    const [version, encoded] = entry.split(',', 2);
    if (version !== 'v1' || encoded === undefined || !base64Pattern.test(encoded)) continue;
    const candidate = Buffer.from(encoded, 'base64');
    // Lengths are public (always 32 for SHA-256); only the bytes are compared in constant time.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected))
      matched = true;
  }
  return matched;
}

/** A new random secret, `whsec_` plus 32 random bytes in standard base64. */
export function generateWebhookSecret(): string {
  return `${secretPrefix}${randomBytes(generatedSecretBytes).toString('base64')}`;
}

/** A new message id for `webhook-id`: `msg_` plus 128 random bits (base64url). */
export function generateWebhookId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

/** The three signature headers of one delivery attempt. */
export interface WebhookSignatureHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** Sign one delivery attempt and return its `webhook-*` headers. */
export function webhookSignatureHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): WebhookSignatureHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body),
  };
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}
