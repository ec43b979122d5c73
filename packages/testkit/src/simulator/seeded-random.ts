/**
 * Creates a small deterministic pseudo-random generator (mulberry32): the same seed always gives
 * the same sequence, so probabilistic faults and simulated outcomes replay exactly. Not for
 * cryptography.
 *
 * @param seed An integer; only its low 32 bits are used.
 * @returns A function returning the next number in `[0, 1)` on each call.
 * @example
 * const random = createSeededRandom(42);
 * const moderated = random() < 0.1;
 */
export function createSeededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) {
    throw new TypeError(`createSeededRandom: seed must be an integer, got ${String(seed)}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
