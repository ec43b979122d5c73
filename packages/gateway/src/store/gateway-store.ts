/**
 * The kinds of state the gateway keeps. Each namespace is a separate key space:
 * - `predictions`: prediction objects (JSON), until they expire;
 * - `files`: generated image bytes served by `GET /v1/files/:id`;
 * - `idempotency`: `Idempotency-Key` records; never evicted for space, only expired, because
 *   forgetting one early could start a second paid generation;
 * - `webhooks`: webhook delivery state.
 */
export type StoreNamespace = 'predictions' | 'files' | 'idempotency' | 'webhooks';

/** Every namespace, in a fixed order. */
export const storeNamespaces: readonly StoreNamespace[] = [
  'predictions',
  'files',
  'idempotency',
  'webhooks',
];

/**
 * A stored value. A `Uint8Array` is kept as given (never copied) and read back as the same object
 * by the in-memory store; do not mutate it after storing it.
 */
export type StoreValue = string | Uint8Array;

/** Options of a write. */
export interface StoreWriteOptions {
  /** Time to live, in ms, from the write; a positive finite number. The entry reads as absent once it has passed. */
  ttlMs: number;
}

/**
 * The gateway's state behind a small async interface. The in-memory store (`createMemoryStore`)
 * is the default; every operation maps 1:1 to one Redis command, so a Redis store can share the
 * load between several gateway instances:
 *
 * | method | Redis |
 * |---|---|
 * | `get(ns, key)` | `GET <prefix><ns>:<key>` |
 * | `set(ns, key, value, { ttlMs })` | `SET <prefix><ns>:<key> <value> PX <ttlMs>` |
 * | `setIfAbsent(ns, key, value, { ttlMs })` | `SET <prefix><ns>:<key> <value> NX PX <ttlMs> GET` (Redis ≥ 7.0: nil = written, else the existing value) |
 * | `delete(ns, key)` | `DEL <prefix><ns>:<key>` |
 * | `close()` | `QUIT` (or closing the client) |
 *
 * Notes for that implementation: Redis strings are binary-safe but untyped, so store one leading
 * type byte (`s` for a string, `b` for bytes) to give back the type that was written; round
 * `ttlMs` up to a whole millisecond. Redis's `maxmemory-policy` cannot exempt one namespace from
 * eviction, so run it with `noeviction` (TTLs bound the size) or keep `idempotency` on an instance
 * that never evicts.
 */
export interface GatewayStore {
  /** The value, or `undefined` when the key is absent or expired. */
  get(namespace: StoreNamespace, key: string): Promise<StoreValue | undefined>;
  /** Store `value` under `key`, replacing any previous value and its TTL. */
  set(
    namespace: StoreNamespace,
    key: string,
    value: StoreValue,
    options: StoreWriteOptions,
  ): Promise<void>;
  /**
   * Atomic: stores only when the key is absent (or expired) and returns undefined; otherwise
   * writes nothing and returns the existing value.
   */
  setIfAbsent(
    namespace: StoreNamespace,
    key: string,
    value: StoreValue,
    options: StoreWriteOptions,
  ): Promise<StoreValue | undefined>;
  /** Remove `key`; nothing happens when it is absent. */
  delete(namespace: StoreNamespace, key: string): Promise<void>;
  /** Release timers and connections. Later calls reject with `StoreClosedError`. */
  close(): Promise<void>;
}
