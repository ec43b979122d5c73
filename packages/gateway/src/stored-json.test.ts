import { describe, expect, it } from 'vitest';
import { jsonBytes, parseStoredJson } from './stored-json.js';

describe('stored JSON', () => {
  const record = { id: 'p_1', prompt: 'café ✓', n: 2, nested: { ok: true } };

  it('round-trips a record through bytes that own their whole buffer', () => {
    const bytes = jsonBytes(record);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    expect(Buffer.from(bytes).toString('utf8')).toBe(JSON.stringify(record));
    expect(parseStoredJson(bytes)).toEqual(record);
  });

  it('also reads a JSON string, and nothing else', () => {
    expect(parseStoredJson(JSON.stringify(record))).toEqual(record);
    expect(parseStoredJson(undefined)).toBeUndefined();
  });
});
