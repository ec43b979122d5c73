import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError, retryAfterHeader } from '../http/gateway-error.js';
import type { GatewayStore } from '../store/index.js';

/** The longest `Idempotency-Key` accepted (Stripe's limit). */
export const maximumIdempotencyKeyLength = 255;

/** How long a claim may stay pending (taken, no prediction yet) before it lapses, ms. */
const pendingClaimTtlMs = 5 * 60_000;
/** How long a request waits for another request holding the same key, ms. */
const pendingWaitMs = 10_000;

interface ClaimRecord {
  readonly fingerprint: string;
  readonly predictionId: string | null;
}

/** The outcome of claiming a key. */
export type IdempotencyClaim =
  | {
      /** The key is ours: start the prediction, then `commit` its id (or `release` on failure). */
      readonly kind: 'claimed';
      /** The scoped key in the store, for a later `forget`. */
      readonly storeKey: string;
      commit(predictionId: string): Promise<void>;
      release(): Promise<void>;
    }
  | {
      /** The key already names a prediction made from the same request. */
      readonly kind: 'replay';
      readonly predictionId: string;
    };

/** Validate an `Idempotency-Key` header value; `undefined` when absent. */
export function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  if (
    value.length === 0 ||
    value.length > maximumIdempotencyKeyLength ||
    !/^[\x21-\x7e]+$/.test(value)
  ) {
    throw new GatewayError({
      status: 400,
      code: 'invalid_idempotency_key',
      message: `Idempotency-Key must be 1-${maximumIdempotencyKeyLength} visible ASCII characters.`,
      details: { header: 'idempotency-key' },
    });
  }
  return value;
}

/** A request's fingerprint: SHA-256 of the canonical model path and the exact body bytes. */
export function requestFingerprint(model: string, body: Uint8Array): string {
  return createHash('sha256').update(model).update('\n').update(body).digest('base64url');
}

/**
 * `Idempotency-Key` records in the store's `idempotency` namespace. A key is claimed with
 * `setIfAbsent` before anything is sent upstream, so two requests with one key can never both
 * start a generation, in this process or across instances sharing a store. The same key with
 * another body is a 409; a request arriving while the first is still being admitted waits for it
 * (up to 10 s, then 409 with `Retry-After`). Keys are scoped to the gateway key that sent them.
 */
export class IdempotencyKeys {
  readonly #store: GatewayStore;
  readonly #ttlMs: number;

  constructor(store: GatewayStore, ttlMs: number) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  /** Claim `key` for a request with `fingerprint`, or find the prediction it already made. */
  async claim(scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const storeKey = `${scope}:${key}`;
    const pending = JSON.stringify({ fingerprint, predictionId: null } satisfies ClaimRecord);
    const deadline = Date.now() + pendingWaitMs;
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      const existing = await this.#store.setIfAbsent('idempotency', storeKey, pending, {
        ttlMs: pendingClaimTtlMs,
      });
      if (existing === undefined) return this.#claimed(storeKey, fingerprint);
      const record = parseClaim(existing);
      if (record !== undefined && record.fingerprint !== fingerprint) {
        throw new GatewayError({
          status: 409,
          code: 'idempotency_key_reused',
          message:
            'This Idempotency-Key was already used with a different request (model or body); use a new key.',
          details: { header: 'idempotency-key' },
        });
      }
      if (record?.predictionId) return { kind: 'replay', predictionId: record.predictionId };
      if (Date.now() >= deadline) {
        throw new GatewayError({
          status: 409,
          code: 'idempotency_key_in_use',
          message: 'A request with this Idempotency-Key is still being processed; retry shortly.',
          details: { header: 'idempotency-key' },
          headers: retryAfterHeader(1000),
        });
      }
      await sleep(delay);
    }
  }

  /**
   * Forget a key whose prediction failed without generating anything (rate limited, refused), so
   * that retrying with the same key runs it again.
   */
  async forget(storeKey: string): Promise<void> {
    await this.#store.delete('idempotency', storeKey);
  }

  #claimed(storeKey: string, fingerprint: string): IdempotencyClaim {
    return {
      kind: 'claimed',
      storeKey,
      commit: async predictionId => {
        const record: ClaimRecord = { fingerprint, predictionId };
        await this.#store.set('idempotency', storeKey, JSON.stringify(record), {
          ttlMs: this.#ttlMs,
        });
      },
      release: async () => {
        await this.#store.delete('idempotency', storeKey);
      },
    };
  }
}

function parseClaim(value: string | Uint8Array): ClaimRecord | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as ClaimRecord;
    return typeof parsed.fingerprint === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
