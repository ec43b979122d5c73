const marker = Symbol.for('easel.gateway.error.StoreClosedError');

/** An operation was called on a store after `close()`. */
export class StoreClosedError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'store_closed';
  readonly [marker] = true;

  constructor() {
    super('The store is closed.');
    this.name = 'StoreClosedError';
  }

  /** Whether `error` is a `StoreClosedError`, also from another copy of this package. */
  static isInstance(error: unknown): error is StoreClosedError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }
}
