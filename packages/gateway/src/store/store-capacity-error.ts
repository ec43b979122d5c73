import type { StoreNamespace } from './gateway-store.js';

const marker = Symbol.for('easel.gateway.error.StoreCapacityError');

/** Options of `StoreCapacityError`. */
export interface StoreCapacityErrorOptions {
  /** Namespace of the refused write. */
  namespace: StoreNamespace;
  /** Bytes the entry would take (value plus key). */
  bytes: number;
  /** The store's byte cap. */
  maxBytes: number;
  /**
   * `too_large`: the entry alone is larger than the cap. `full`: the rest of the store holds
   * entries that may not be evicted (`idempotency`), so no room can be made.
   */
  reason: 'too_large' | 'full';
}

/**
 * A write was refused for lack of space: the value is larger than the store's `maxBytes` on its
 * own, or only never-evicted entries are left to make room. Nothing was written. The message
 * names the namespace and the sizes, never the key or the value.
 */
export class StoreCapacityError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'store_capacity';
  /** Namespace of the refused write. */
  readonly namespace: StoreNamespace;
  /** Bytes the entry would take (value plus key). */
  readonly bytes: number;
  /** The store's byte cap. */
  readonly maxBytes: number;
  /** Why there is no room; see `StoreCapacityErrorOptions.reason`. */
  readonly reason: 'too_large' | 'full';
  readonly [marker] = true;

  constructor(options: StoreCapacityErrorOptions) {
    const why =
      options.reason === 'too_large'
        ? `an entry of ${options.bytes} bytes is larger than the store's ${options.maxBytes}-byte cap`
        : `no room for ${options.bytes} bytes: the ${options.maxBytes}-byte store is full of entries that may not be evicted`;
    super(`Store write to "${options.namespace}" refused: ${why}`);
    this.name = 'StoreCapacityError';
    this.namespace = options.namespace;
    this.bytes = options.bytes;
    this.maxBytes = options.maxBytes;
    this.reason = options.reason;
  }

  /** Whether `error` is a `StoreCapacityError`, also from another copy of this package. */
  static isInstance(error: unknown): error is StoreCapacityError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }
}
