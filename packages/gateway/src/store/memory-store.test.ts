import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeGatewayStoreContract } from './__fixtures__/store-contract.js';
import type { StoreNamespace } from './gateway-store.js';
import { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from './memory-store.js';
import { StoreCapacityError } from './store-capacity-error.js';

function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describeGatewayStoreContract('memory', () => {
  const clock = manualClock();
  return {
    store: createMemoryStore({ now: clock.now, sweepIntervalMs: 0 }),
    advance: clock.advance,
  };
});

describe('createMemoryStore', () => {
  const stores: MemoryStore[] = [];
  // Without the per-entry overhead, so that entry sizes below are just keys plus values.
  const open = (options: MemoryStoreOptions = {}) => {
    const store = createMemoryStore({ sweepIntervalMs: 0, entryOverheadBytes: 0, ...options });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(stores.splice(0).map(store => store.close()));
  });

  /** A value whose entry (key `k0`…`k9`, 2 bytes, plus the value) takes exactly `bytes` bytes. */
  const sized = (bytes: number) => 'x'.repeat(bytes - 2);
  const keys = async (store: MemoryStore, namespace: StoreNamespace, candidates: string[]) => {
    const present: string[] = [];
    for (const key of candidates) {
      if ((await store.get(namespace, key)) !== undefined) present.push(key);
    }
    return present;
  };

  it('keeps a Uint8Array as the very same object, without copying it', async () => {
    const store = open();
    const image = new Uint8Array(1024);
    await store.set('files', 'f', image, { ttlMs: 1000 });
    expect(await store.get('files', 'f')).toBe(image);
  });

  it('counts UTF-8 value bytes plus key bytes, and frees them on delete and replace', async () => {
    const store = open();
    await store.set('predictions', 'ké', 'héllo', { ttlMs: 1000 });
    expect(store.bytes).toBe(3 + 6);
    await store.set('files', 'f', new Uint8Array(100), { ttlMs: 1000 });
    expect(store.bytes).toBe(9 + 101);
    expect(store.entries).toBe(2);
    await store.set('predictions', 'ké', 'h', { ttlMs: 1000 });
    expect(store.bytes).toBe(3 + 1 + 101);
    await store.delete('files', 'f');
    expect(store.bytes).toBe(4);
    expect(store.stats().namespaces.predictions).toEqual({ entries: 1, bytes: 4 });
    expect(store.entries).toBe(1);
  });

  it('counts a fixed overhead per entry, 256 bytes unless told otherwise', async () => {
    const plain = createMemoryStore({ sweepIntervalMs: 0 });
    stores.push(plain);
    await plain.set('predictions', 'k', 'v', { ttlMs: 1000 });
    await plain.set('files', 'f', new Uint8Array(10), { ttlMs: 1000 });
    expect(plain.bytes).toBe(2 + 256 + 11 + 256);
    const custom = open({ entryOverheadBytes: 10 });
    await custom.set('predictions', 'k', 'v', { ttlMs: 1000 });
    expect(custom.bytes).toBe(12);
    expect(() => createMemoryStore({ entryOverheadBytes: -1 })).toThrow(RangeError);
  });

  it('drops an expired entry from the byte count when it is read', async () => {
    const clock = manualClock();
    const store = open({ now: clock.now });
    await store.set('predictions', 'p', 'value', { ttlMs: 50 });
    clock.advance(50);
    expect(store.bytes).toBe(6);
    expect(await store.get('predictions', 'p')).toBeUndefined();
    expect(store.bytes).toBe(0);
    expect(store.stats().expirations).toBe(1);
  });

  it('evicts the least recently used entry first; a read counts as use', async () => {
    const store = open({ maxBytes: 30 });
    await store.set('files', 'k1', sized(10), { ttlMs: 1000 });
    await store.set('files', 'k2', sized(10), { ttlMs: 1000 });
    await store.set('files', 'k3', sized(10), { ttlMs: 1000 });
    await store.get('files', 'k1');
    await store.set('files', 'k4', sized(10), { ttlMs: 1000 });
    expect(await keys(store, 'files', ['k1', 'k2', 'k3', 'k4'])).toEqual(['k1', 'k3', 'k4']);
    expect(store.bytes).toBe(30);
    expect(store.stats().evictions).toBe(1);
  });

  it('evicts as many entries as it takes to fit a large value', async () => {
    const store = open({ maxBytes: 30 });
    for (const key of ['k1', 'k2', 'k3']) await store.set('files', key, sized(10), { ttlMs: 1000 });
    await store.set('files', 'k4', sized(25), { ttlMs: 1000 });
    expect(await keys(store, 'files', ['k1', 'k2', 'k3', 'k4'])).toEqual(['k4']);
    expect(store.bytes).toBe(25);
  });

  it('evicts files unused for 5 minutes before predictions and webhooks, even more recent ones', async () => {
    const clock = manualClock();
    const store = open({ maxBytes: 40, now: clock.now });
    const hour = 3_600_000;
    await store.set('files', 'k3', sized(10), { ttlMs: hour });
    await store.set('files', 'k4', sized(10), { ttlMs: hour });
    clock.advance(5 * 60_000);
    await store.set('predictions', 'k1', sized(10), { ttlMs: hour });
    await store.set('webhooks', 'k2', sized(10), { ttlMs: hour });
    await store.set('predictions', 'k5', sized(20), { ttlMs: hour });
    expect(await keys(store, 'files', ['k3', 'k4'])).toEqual([]);
    expect(await keys(store, 'predictions', ['k1', 'k5'])).toEqual(['k1', 'k5']);
    expect(await keys(store, 'webhooks', ['k2'])).toEqual(['k2']);
    expect(store.stats().evictions).toBe(2);
  });

  it('then evicts the least recently used files while files hold most of the evictable bytes', async () => {
    const store = open({ maxBytes: 40 });
    const hour = 3_600_000;
    await store.set('predictions', 'k1', sized(10), { ttlMs: hour });
    await store.set('files', 'k2', sized(10), { ttlMs: hour });
    await store.set('files', 'k3', sized(10), { ttlMs: hour });
    // k1 is the least recently used, but files hold 20 of the 30 evictable bytes: a file goes.
    await store.set('predictions', 'k4', sized(20), { ttlMs: hour });
    expect(await keys(store, 'predictions', ['k1', 'k4'])).toEqual(['k1', 'k4']);
    expect(await keys(store, 'files', ['k2', 'k3'])).toEqual(['k3']);
  });

  it('then evicts recent files, predictions and webhooks together, least recently used first', async () => {
    const store = open({ maxBytes: 40 });
    const hour = 3_600_000;
    await store.set('files', 'k1', sized(10), { ttlMs: hour });
    await store.set('predictions', 'k2', sized(10), { ttlMs: hour });
    await store.set('webhooks', 'k3', sized(10), { ttlMs: hour });
    await store.set('predictions', 'k4', sized(10), { ttlMs: hour });
    await store.get('files', 'k1');
    // Files hold 10 of 40 bytes: the least recently used entry goes, whatever it is.
    await store.set('predictions', 'k5', sized(10), { ttlMs: hour });
    expect(await keys(store, 'predictions', ['k2', 'k4', 'k5'])).toEqual(['k4', 'k5']);
    await store.set('predictions', 'k6', sized(10), { ttlMs: hour });
    expect(await keys(store, 'webhooks', ['k3'])).toEqual([]);
    expect(await keys(store, 'files', ['k1'])).toEqual(['k1']);
  });

  it('evicts predictions and webhooks together, least recently used first', async () => {
    const store = open({ maxBytes: 30 });
    await store.set('predictions', 'k1', sized(10), { ttlMs: 1000 });
    await store.set('webhooks', 'k2', sized(10), { ttlMs: 1000 });
    await store.set('predictions', 'k3', sized(10), { ttlMs: 1000 });
    await store.get('predictions', 'k1');
    await store.set('predictions', 'k4', sized(10), { ttlMs: 1000 });
    await store.set('webhooks', 'k5', sized(10), { ttlMs: 1000 });
    expect(await keys(store, 'predictions', ['k1', 'k3', 'k4'])).toEqual(['k1', 'k4']);
    expect(await keys(store, 'webhooks', ['k2', 'k5'])).toEqual(['k5']);
    expect(store.stats().evictions).toBe(2);
  });

  it('never evicts idempotency entries, even the least recently used', async () => {
    const clock = manualClock();
    const store = open({ maxBytes: 30, now: clock.now });
    const hour = 3_600_000;
    await store.set('idempotency', 'k1', sized(10), { ttlMs: hour });
    await store.set('files', 'k2', sized(10), { ttlMs: hour });
    clock.advance(5 * 60_000);
    await store.set('predictions', 'k3', sized(10), { ttlMs: hour });
    await store.set('predictions', 'k4', sized(10), { ttlMs: 1000 });
    await store.set('predictions', 'k5', sized(10), { ttlMs: 1000 });
    expect(await keys(store, 'idempotency', ['k1'])).toEqual(['k1']);
    expect(await keys(store, 'predictions', ['k3', 'k4', 'k5'])).toEqual(['k4', 'k5']);
    await store.set('idempotency', 'k6', sized(10), { ttlMs: 1000 });
    await store.set('idempotency', 'k7', sized(10), { ttlMs: 1000 });
    expect(await keys(store, 'idempotency', ['k1', 'k6', 'k7'])).toEqual(['k1', 'k6', 'k7']);
    expect(store.stats().namespaces.predictions.entries).toBe(0);
  });

  it('refuses a write, changing nothing, when only idempotency entries are left', async () => {
    const store = open({ maxBytes: 30 });
    await store.set('idempotency', 'k1', sized(10), { ttlMs: 1000 });
    await store.set('idempotency', 'k2', sized(15), { ttlMs: 1000 });
    await store.set('files', 'k3', sized(5), { ttlMs: 1000 });
    const error = await store
      .setIfAbsent('idempotency', 'k4', sized(10), { ttlMs: 1000 })
      .catch((caught: unknown) => caught);
    expect(StoreCapacityError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'full', namespace: 'idempotency', bytes: 10 });
    expect(await keys(store, 'files', ['k3'])).toEqual(['k3']);
    expect(await keys(store, 'idempotency', ['k1', 'k2', 'k4'])).toEqual(['k1', 'k2']);
    await expect(store.set('idempotency', 'k1', sized(25), { ttlMs: 1000 })).rejects.toSatisfy(
      StoreCapacityError.isInstance,
    );
    expect(await store.get('idempotency', 'k1')).toBe(sized(10));
  });

  it('makes room from expired idempotency entries when nothing else can go', async () => {
    const clock = manualClock();
    const store = open({ maxBytes: 20, now: clock.now });
    await store.set('idempotency', 'k1', sized(10), { ttlMs: 100 });
    await store.set('idempotency', 'k2', sized(10), { ttlMs: 1000 });
    clock.advance(100);
    await store.set('idempotency', 'k3', sized(10), { ttlMs: 1000 });
    expect(await keys(store, 'idempotency', ['k1', 'k2', 'k3'])).toEqual(['k2', 'k3']);
    expect(store.stats()).toMatchObject({ evictions: 0, expirations: 1 });
  });

  it('refuses a value larger than maxBytes on its own', async () => {
    const store = open({ maxBytes: 100 });
    await store.set('files', 'k0', sized(10), { ttlMs: 1000 });
    const error = await store
      .set('files', 'big', new Uint8Array(100), { ttlMs: 1000 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreCapacityError);
    expect(error).toMatchObject({ code: 'store_capacity', reason: 'too_large', bytes: 103 });
    expect((error as Error).message).not.toContain('big');
    expect(await store.get('files', 'k0')).toBe(sized(10));
  });

  it('sweeps expired entries on its timer, without any read', async () => {
    vi.useFakeTimers();
    const clock = manualClock();
    const store = open({ now: clock.now, sweepIntervalMs: 1000 });
    await store.set('files', 'k1', sized(10), { ttlMs: 500 });
    await store.set('files', 'k2', sized(10), { ttlMs: 5000 });
    clock.advance(1000);
    vi.advanceTimersByTime(1000);
    expect(store.entries).toBe(1);
    expect(store.bytes).toBe(10);
    expect(store.stats().expirations).toBe(1);
  });

  it('close stops the sweep timer', async () => {
    vi.useFakeTimers();
    const before = vi.getTimerCount();
    const store = open({ sweepIntervalMs: 1000 });
    expect(vi.getTimerCount()).toBe(before + 1);
    await store.close();
    expect(vi.getTimerCount()).toBe(before);
  });

  it('has no timer when sweeping is turned off', () => {
    vi.useFakeTimers();
    const before = vi.getTimerCount();
    open({ sweepIntervalMs: 0 });
    expect(vi.getTimerCount()).toBe(before);
  });
});
