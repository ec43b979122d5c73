import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';

function draw(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => random());
}

describe('createSeededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draw(createSeededRandom(42), 100)).toEqual(draw(createSeededRandom(42), 100));
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(createSeededRandom(1), 10)).not.toEqual(draw(createSeededRandom(2), 10));
  });

  it('returns numbers in [0, 1) spread over the whole interval', () => {
    const values = draw(createSeededRandom(7), 10_000);
    expect(values.every(value => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const deciles = new Set(values.map(value => Math.floor(value * 10)));
    expect(deciles.size).toBe(10);
  });

  it('uses only the low 32 bits of the seed', () => {
    expect(draw(createSeededRandom(2 ** 32 + 5), 5)).toEqual(draw(createSeededRandom(5), 5));
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => createSeededRandom(1.5)).toThrow(/seed must be an integer/);
    expect(() => createSeededRandom(Number.NaN)).toThrow(/seed must be an integer/);
  });
});
