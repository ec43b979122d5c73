import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG at once; ids take their bytes from this pool. */
const poolBytes = 4096;
const pool = Buffer.allocUnsafeSlow(poolBytes);
let next = poolBytes;
const base32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The offset of `byteCount` unused random bytes in the pool. One `randomFillSync` call fills the
 * pool for a few hundred ids (a `randomBytes` call per id costs ~20× more), as Node's own
 * `randomUUID` does; every byte is handed out once.
 */
function take(byteCount: number): number {
  if (next + byteCount > poolBytes) {
    randomFillSync(pool);
    next = 0;
  }
  const start = next;
  next += byteCount;
  return start;
}

/** `byteCount` random bytes (CSPRNG) as lowercase hex. */
export function randomHex(byteCount: number): string {
  const start = take(byteCount);
  return pool.toString('hex', start, start + byteCount);
}

/** `byteCount` random bytes (CSPRNG) as base64url without padding. */
export function randomBase64Url(byteCount: number): string {
  const start = take(byteCount);
  return pool.toString('base64url', start, start + byteCount);
}

/** `characterCount` random lowercase base32 characters (`a-z2-7`), 5 random bits each (CSPRNG). */
export function randomBase32(characterCount: number): string {
  const start = take(characterCount);
  let text = '';
  for (let index = start; index < start + characterCount; index++)
    text += base32[pool[index]! & 31];
  return text;
}
