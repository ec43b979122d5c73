import {
  type GatewayStore,
  type StoreNamespace,
  type StoreValue,
  type StoreWriteOptions,
  storeNamespaces,
} from './gateway-store.js';
import { StoreCapacityError } from './store-capacity-error.js';
import { StoreClosedError } from './store-closed-error.js';

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  /**
   * Cap on the bytes held: per entry, its value bytes (a string counts its UTF-8 length), its key
   * bytes and `entryOverheadBytes`. A `Uint8Array` view counts its own `byteLength`, not the
   * `ArrayBuffer` it may keep alive. Default 64 MiB.
   *
   * The process needs more than this: V8 lets its heap grow to a multiple of what is live before
   * it collects, and strings live in the heap. Measured with the gateway under sustained load of
   * small predictions (all strings and small files), RSS settles near 2.5× the cap above the
   * RSS of the same load with an empty store; large images (bytes outside the heap) cost ~1.1×.
   */
  maxBytes?: number;
  /**
   * Bytes counted for each entry besides its key and value: its map slot, its record and its key
   * string's header, which outweigh small values (a ~700-byte prediction costs ~220 more bytes in
   * the heap). Default 256.
   */
  entryOverheadBytes?: number;
  /** Clock, in ms, for TTLs. Default `Date.now`. */
  now?: () => number;
  /**
   * Period of the sweep that drops expired entries nobody reads, in ms, on an `unref()`ed timer.
   * `0` turns the timer off (expired entries still read as absent and are dropped on access).
   * Default 60 000.
   */
  sweepIntervalMs?: number;
}

/** Size of one namespace. */
export interface MemoryStoreNamespaceStats {
  /** Entries held, expired ones not yet dropped included. */
  readonly entries: number;
  /** Bytes held (values, keys and the per-entry overhead). */
  readonly bytes: number;
}

/** Counters of a memory store, e.g. for metrics. */
export interface MemoryStoreStats extends MemoryStoreNamespaceStats {
  /** The byte cap. */
  readonly maxBytes: number;
  /** Entries removed to make room, since creation. */
  readonly evictions: number;
  /** Expired entries dropped (on access, by a sweep or while making room), since creation. */
  readonly expirations: number;
  /** Per-namespace sizes. */
  readonly namespaces: Readonly<Record<StoreNamespace, MemoryStoreNamespaceStats>>;
}

/** The in-memory `GatewayStore`, with its size. */
export interface MemoryStore extends GatewayStore {
  /** Bytes held: values, keys and the per-entry overhead. */
  readonly bytes: number;
  /** Entries held, expired ones not yet dropped included. */
  readonly entries: number;
  /** Sizes and counters. */
  stats(): MemoryStoreStats;
  /** Drop every expired entry now (the timer calls this); returns how many were dropped. */
  sweep(): number;
}

/** Default `MemoryStoreOptions.maxBytes`: 64 MiB. */
export const defaultMemoryStoreMaxBytes = 64 * 1024 * 1024;

/** Default `MemoryStoreOptions.entryOverheadBytes`. */
export const defaultEntryOverheadBytes = 256;

/** Default `MemoryStoreOptions.sweepIntervalMs`: one minute. */
export const defaultSweepIntervalMs = 60_000;

interface Entry {
  readonly value: StoreValue;
  readonly size: number;
  readonly expiresAt: number;
  /** Access sequence number: compares recency across the namespaces evicted together. */
  used: number;
  /** When it was last written or read, ms (the store's clock). */
  usedAt: number;
}

/**
 * A `GatewayStore` in process memory, bounded by `maxBytes`. Expiry is exact on read (an entry
 * whose TTL has passed reads as absent) and a periodic sweep frees expired entries nobody reads.
 * Over the cap, least-recently-used entries are evicted (`get` and a refused `setIfAbsent` count
 * as use): first `files` not used for 5 minutes, then, while files hold more than half of the
 * evictable bytes, the least recently used files; only then `files`, `predictions` and `webhooks`
 * together by recency. Files go before the much smaller prediction records, so a record (and the
 * idempotency key pointing at it) outlives its files (it reads `data_removed`); and when records
 * fill the store the newest predictions still keep both their records and their files (evicting
 * every file before any record would remove each new file the moment the next record is written,
 * before its client could fetch it). `idempotency` entries are never
 * evicted, only expired; when nothing else is left to evict the write fails with
 * `StoreCapacityError` (`reason: 'full'`) and nothing is changed.
 *
 * Every operation completes synchronously inside its promise, so `setIfAbsent` is atomic: no
 * other call runs between its check and its write.
 *
 * @example
 * const store = createMemoryStore({ maxBytes: 256 * 1024 * 1024 });
 * await store.set('files', id, pngBytes, { ttlMs: 3_600_000 });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return new InMemoryStore(options);
}

/** Evicted first once unused for `recentFileMs`. */
const files: StoreNamespace = 'files';
/** Then evicted together, least recently used first. */
const evictable: readonly StoreNamespace[] = [files, 'predictions', 'webhooks'];
/** A file unused for this long (ms) is evicted before anything more recent. */
const recentFileMs = 5 * 60_000;

class InMemoryStore implements MemoryStore {
  readonly #maxBytes: number;
  readonly #entryOverheadBytes: number;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout | undefined;
  /** Per namespace, in recency order: the first entry is the least recently used. */
  readonly #maps = new Map<StoreNamespace, Map<string, Entry>>(
    storeNamespaces.map(namespace => [namespace, new Map()]),
  );
  readonly #namespaceBytes = new Map<StoreNamespace, number>(
    storeNamespaces.map(namespace => [namespace, 0]),
  );
  #bytes = 0;
  #entries = 0;
  #sequence = 0;
  #evictions = 0;
  #expirations = 0;
  #closed = false;

  constructor(options: MemoryStoreOptions) {
    this.#maxBytes = options.maxBytes ?? defaultMemoryStoreMaxBytes;
    if (!(this.#maxBytes > 0)) {
      throw new RangeError(`maxBytes must be a positive number, got ${this.#maxBytes}`);
    }
    this.#entryOverheadBytes = options.entryOverheadBytes ?? defaultEntryOverheadBytes;
    if (!(this.#entryOverheadBytes >= 0)) {
      throw new RangeError(
        `entryOverheadBytes must be a number ≥ 0, got ${this.#entryOverheadBytes}`,
      );
    }
    this.#now = options.now ?? Date.now;
    const interval = options.sweepIntervalMs ?? defaultSweepIntervalMs;
    if (interval > 0) {
      this.#timer = setInterval(() => this.sweep(), interval);
      this.#timer.unref();
    }
  }

  get bytes(): number {
    return this.#bytes;
  }

  get entries(): number {
    return this.#entries;
  }

  async get(namespace: StoreNamespace, key: string): Promise<StoreValue | undefined> {
    this.#assertOpen();
    return this.#live(namespace, key)?.value;
  }

  async set(
    namespace: StoreNamespace,
    key: string,
    value: StoreValue,
    options: StoreWriteOptions,
  ): Promise<void> {
    this.#assertOpen();
    this.#write(namespace, key, value, options.ttlMs);
  }

  async setIfAbsent(
    namespace: StoreNamespace,
    key: string,
    value: StoreValue,
    options: StoreWriteOptions,
  ): Promise<StoreValue | undefined> {
    this.#assertOpen();
    const existing = this.#live(namespace, key);
    if (existing !== undefined) return existing.value;
    this.#write(namespace, key, value, options.ttlMs);
    return undefined;
  }

  async delete(namespace: StoreNamespace, key: string): Promise<void> {
    this.#assertOpen();
    const entry = this.#map(namespace).get(key);
    if (entry !== undefined) this.#remove(namespace, key, entry);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    for (const map of this.#maps.values()) map.clear();
    for (const namespace of storeNamespaces) this.#namespaceBytes.set(namespace, 0);
    this.#bytes = 0;
    this.#entries = 0;
  }

  sweep(): number {
    const now = this.#now();
    let dropped = 0;
    for (const [namespace, map] of this.#maps) {
      for (const [key, entry] of map) {
        if (now >= entry.expiresAt) {
          this.#remove(namespace, key, entry);
          dropped++;
        }
      }
    }
    this.#expirations += dropped;
    return dropped;
  }

  stats(): MemoryStoreStats {
    const namespaces = Object.fromEntries(
      storeNamespaces.map(namespace => [
        namespace,
        { entries: this.#map(namespace).size, bytes: this.#namespaceBytes.get(namespace) ?? 0 },
      ]),
    ) as Record<StoreNamespace, MemoryStoreNamespaceStats>;
    return {
      entries: this.#entries,
      bytes: this.#bytes,
      maxBytes: this.#maxBytes,
      evictions: this.#evictions,
      expirations: this.#expirations,
      namespaces,
    };
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #map(namespace: StoreNamespace): Map<string, Entry> {
    const map = this.#maps.get(namespace);
    if (map === undefined) throw new TypeError(`Unknown store namespace "${String(namespace)}"`);
    return map;
  }

  /** The entry if present and not expired, marked as just used; an expired one is dropped. */
  #live(namespace: StoreNamespace, key: string): Entry | undefined {
    const map = this.#map(namespace);
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (this.#now() >= entry.expiresAt) {
      this.#remove(namespace, key, entry);
      this.#expirations++;
      return undefined;
    }
    map.delete(key);
    map.set(key, entry);
    entry.used = ++this.#sequence;
    entry.usedAt = this.#now();
    return entry;
  }

  #write(namespace: StoreNamespace, key: string, value: StoreValue, ttlMs: number): void {
    if (!(Number.isFinite(ttlMs) && ttlMs > 0)) {
      throw new RangeError(`ttlMs must be a positive finite number, got ${ttlMs}`);
    }
    const map = this.#map(namespace);
    const size = byteLength(key) + byteLength(value) + this.#entryOverheadBytes;
    if (size > this.#maxBytes) {
      throw new StoreCapacityError({
        namespace,
        bytes: size,
        maxBytes: this.#maxBytes,
        reason: 'too_large',
      });
    }
    const replaced = map.get(key)?.size ?? 0;
    // Under the cap (the usual case) there is room without looking at what could be evicted.
    if (
      this.#bytes - replaced + size > this.#maxBytes &&
      !this.#hasRoomFor(namespace, map.get(key), size)
    ) {
      this.sweep();
      if (!this.#hasRoomFor(namespace, map.get(key), size)) {
        throw new StoreCapacityError({
          namespace,
          bytes: size,
          maxBytes: this.#maxBytes,
          reason: 'full',
        });
      }
    }
    const previous = map.get(key);
    if (previous !== undefined) this.#remove(namespace, key, previous);
    while (this.#bytes + size > this.#maxBytes) {
      if (!this.#evictOne()) break;
    }
    const now = this.#now();
    map.set(key, { value, size, expiresAt: now + ttlMs, used: ++this.#sequence, usedAt: now });
    this.#namespaceBytes.set(namespace, (this.#namespaceBytes.get(namespace) ?? 0) + size);
    this.#bytes += size;
    this.#entries++;
  }

  /** Whether evicting every evictable entry (except the one being replaced) would make room. */
  #hasRoomFor(namespace: StoreNamespace, previous: Entry | undefined, size: number): boolean {
    const replaced = previous?.size ?? 0;
    let evictableBytes = 0;
    for (const candidate of evictable) evictableBytes += this.#namespaceBytes.get(candidate) ?? 0;
    if (evictable.includes(namespace)) evictableBytes -= replaced;
    return this.#bytes - replaced + size - this.#maxBytes <= evictableBytes;
  }

  /** Remove the next evictable entry (see `createMemoryStore`); `false` when there is none. */
  #evictOne(): boolean {
    const oldestFile = oldest(files, this.#map(files));
    let evictableBytes = 0;
    for (const namespace of evictable) evictableBytes += this.#namespaceBytes.get(namespace) ?? 0;
    const fileBytes = this.#namespaceBytes.get(files) ?? 0;
    let victim =
      oldestFile !== undefined &&
      (this.#now() - oldestFile.entry.usedAt >= recentFileMs || fileBytes * 2 > evictableBytes)
        ? oldestFile
        : undefined;
    if (victim === undefined) {
      for (const namespace of evictable) {
        const candidate = oldest(namespace, this.#map(namespace));
        if (candidate !== undefined && (victim === undefined || candidate.used < victim.used)) {
          victim = candidate;
        }
      }
    }
    if (victim === undefined) return false;
    this.#remove(victim.namespace, victim.key, victim.entry);
    if (this.#now() >= victim.entry.expiresAt) this.#expirations++;
    else this.#evictions++;
    return true;
  }

  #remove(namespace: StoreNamespace, key: string, entry: Entry): void {
    this.#map(namespace).delete(key);
    this.#namespaceBytes.set(namespace, (this.#namespaceBytes.get(namespace) ?? 0) - entry.size);
    this.#bytes -= entry.size;
    this.#entries--;
  }
}

interface Candidate {
  readonly namespace: StoreNamespace;
  readonly key: string;
  readonly entry: Entry;
  readonly used: number;
}

function oldest(namespace: StoreNamespace, map: Map<string, Entry>): Candidate | undefined {
  const first = map.entries().next();
  if (first.done) return undefined;
  const [key, entry] = first.value;
  return { namespace, key, entry, used: entry.used };
}

/** Bytes a key or value counts for: UTF-8 length of a string, `byteLength` of bytes. */
function byteLength(value: StoreValue): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.byteLength;
}
