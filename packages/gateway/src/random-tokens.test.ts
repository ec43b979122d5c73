import { describe, expect, it } from 'vitest';
import { randomBase32, randomBase64Url, randomHex } from './random-tokens.js';

describe('random tokens', () => {
  it('have the requested length and alphabet', () => {
    expect(randomHex(12)).toMatch(/^[0-9a-f]{24}$/);
    expect(randomBase64Url(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomBase32(26)).toMatch(/^[a-z2-7]{26}$/);
  });

  it('never hand out the same bytes twice, across many refills of the pool', () => {
    const seen = new Set<string>();
    // 20 000 × 12 bytes is ~60 refills of the 4 KiB pool; token sizes vary so that requests
    // straddle the end of the pool.
    for (let index = 0; index < 20_000; index++) {
      seen.add(randomHex(12));
      seen.add(randomBase64Url(index % 2 === 0 ? 16 : 9));
    }
    expect(seen.size).toBe(40_000);
  });
});
