/** A small map that forgets its least recently used entry once it holds `capacity` entries. */
export class LruCache<Key, Value> {
  readonly #entries = new Map<Key, Value>();
  readonly #capacity: number;

  /** @param capacity Most entries kept; at least 1. */
  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value for `key`, now marked most recently used; `undefined` when absent. */
  get(key: Key): Value | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // A Map iterates in insertion order, so re-inserting moves the key to the recent end.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Store `value` as the most recently used entry, evicting the least recently used if full. */
  set(key: Key, value: Value): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) {
        this.#entries.delete(oldest.value);
      }
    }
  }
}
