import type { StoreValue } from './store/index.js';

/**
 * `value` as JSON text in a buffer of its own, for records kept in the store. Bytes live outside
 * the V8 heap, which the engine lets grow to a multiple of what is live before it collects: a
 * store full of small records held as strings costs several times its size in RSS. The buffer is
 * allocated to size (never a slice of Node's shared 8 KiB pool, which one record would pin).
 */
export function jsonBytes(value: unknown): Uint8Array {
  const text = JSON.stringify(value);
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  bytes.write(text, 0, 'utf8');
  return bytes;
}

/** A record stored by `jsonBytes` (or as a JSON string, as another store may hand it back). */
export function parseStoredJson<T>(value: StoreValue | undefined): T | undefined {
  if (typeof value === 'string') return JSON.parse(value) as T;
  if (value instanceof Uint8Array) {
    return JSON.parse(
      Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'),
    );
  }
  return undefined;
}
