import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayStore } from '../gateway-store.js';
import { StoreClosedError } from '../store-closed-error.js';

/** A store under test plus a way to move its clock forward. */
export interface StoreUnderTest {
  readonly store: GatewayStore;
  /** Move the store's clock forward by `ms` (an injected clock, or a real wait for Redis). */
  advance(ms: number): void | Promise<void>;
}

/**
 * The behaviour every `GatewayStore` must show, run by each implementation's test in one line:
 * `describeGatewayStoreContract('memory', () => ...)`. A Redis store runs the same suite.
 */
export function describeGatewayStoreContract(
  name: string,
  create: () => StoreUnderTest | Promise<StoreUnderTest>,
): void {
  describe(`GatewayStore contract: ${name}`, () => {
    const opened: GatewayStore[] = [];
    const open = async () => {
      const subject = await create();
      opened.push(subject.store);
      return subject;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map(store => store.close()));
    });

    it('reads an absent key as undefined', async () => {
      const { store } = await open();
      expect(await store.get('predictions', 'missing')).toBeUndefined();
    });

    it('gives back strings and bytes with their type', async () => {
      const { store } = await open();
      await store.set('predictions', 'p1', '{"id":"p1","status":"starting"}', { ttlMs: 1000 });
      await store.set('files', 'f1', new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { ttlMs: 1000 });
      expect(await store.get('predictions', 'p1')).toBe('{"id":"p1","status":"starting"}');
      const bytes = await store.get('files', 'f1');
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect([...(bytes as Uint8Array)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    });

    it('keeps namespaces apart', async () => {
      const { store } = await open();
      await store.set('predictions', 'same', 'prediction', { ttlMs: 1000 });
      await store.set('webhooks', 'same', 'webhook', { ttlMs: 1000 });
      expect(await store.get('predictions', 'same')).toBe('prediction');
      expect(await store.get('webhooks', 'same')).toBe('webhook');
      expect(await store.get('files', 'same')).toBeUndefined();
    });

    it('expires an entry exactly when its TTL has passed', async () => {
      const subject = await open();
      await subject.store.set('predictions', 'p', 'v', { ttlMs: 1000 });
      await subject.advance(999);
      expect(await subject.store.get('predictions', 'p')).toBe('v');
      await subject.advance(1);
      expect(await subject.store.get('predictions', 'p')).toBeUndefined();
    });

    it('set replaces the value and restarts the TTL', async () => {
      const subject = await open();
      await subject.store.set('predictions', 'p', 'first', { ttlMs: 1000 });
      await subject.advance(800);
      await subject.store.set('predictions', 'p', 'second', { ttlMs: 1000 });
      await subject.advance(800);
      expect(await subject.store.get('predictions', 'p')).toBe('second');
    });

    it('setIfAbsent writes only when the key is absent or expired', async () => {
      const subject = await open();
      const { store } = subject;
      expect(await store.setIfAbsent('idempotency', 'k', 'first', { ttlMs: 1000 })).toBeUndefined();
      expect(await store.setIfAbsent('idempotency', 'k', 'second', { ttlMs: 1000 })).toBe('first');
      expect(await store.get('idempotency', 'k')).toBe('first');
      await subject.advance(1000);
      expect(await store.setIfAbsent('idempotency', 'k', 'third', { ttlMs: 1000 })).toBeUndefined();
      expect(await store.get('idempotency', 'k')).toBe('third');
    });

    it('setIfAbsent lets exactly one of many concurrent callers win', async () => {
      const { store } = await open();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          store.setIfAbsent('idempotency', 'race', `caller-${index}`, { ttlMs: 1000 }),
        ),
      );
      const winners = results
        .map((result, index) => (result === undefined ? index : -1))
        .filter(index => index !== -1);
      expect(winners).toHaveLength(1);
      const winner = `caller-${winners[0]}`;
      expect(results.filter(result => result !== undefined)).toEqual(Array(19).fill(winner));
      expect(await store.get('idempotency', 'race')).toBe(winner);
    });

    it('deletes a key, and deleting an absent key is fine', async () => {
      const { store } = await open();
      await store.set('webhooks', 'w', 'v', { ttlMs: 1000 });
      await store.delete('webhooks', 'w');
      await store.delete('webhooks', 'never-there');
      expect(await store.get('webhooks', 'w')).toBeUndefined();
    });

    it('refuses a TTL that is not a positive finite number', async () => {
      const { store } = await open();
      for (const ttlMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.set('predictions', 'p', 'v', { ttlMs })).rejects.toThrow(RangeError);
      }
    });

    it('rejects every call after close', async () => {
      const { store } = await open();
      await store.close();
      await expect(store.get('predictions', 'p')).rejects.toSatisfy(StoreClosedError.isInstance);
      await expect(store.set('predictions', 'p', 'v', { ttlMs: 1 })).rejects.toSatisfy(
        StoreClosedError.isInstance,
      );
      await store.close();
    });
  });
}
