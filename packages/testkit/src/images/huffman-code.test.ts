import { describe, expect, it } from 'vitest';
import { canonicalPrefixCode, huffmanCodeLengths } from './huffman-code.js';

function kraftSum(lengths: Uint8Array): number {
  return lengths.reduce((sum, length) => (length > 0 ? sum + 2 ** -length : sum), 0);
}

describe('huffmanCodeLengths', () => {
  it('gives frequent symbols shorter codes and forms a complete code', () => {
    const lengths = huffmanCodeLengths([45, 13, 12, 16, 9, 5], 15);
    expect(Array.from(lengths)).toEqual([1, 3, 3, 3, 4, 4]);
    expect(kraftSum(lengths)).toBe(1);
  });

  it('leaves unused symbols without a code', () => {
    const lengths = huffmanCodeLengths([0, 5, 0, 5, 10, 0], 15);
    expect(Array.from(lengths)).toEqual([0, 2, 0, 2, 1, 0]);
  });

  it('completes a code with a single used symbol by adding a second one', () => {
    expect(Array.from(huffmanCodeLengths([0, 0, 7, 0], 15))).toEqual([1, 0, 1, 0]);
    expect(Array.from(huffmanCodeLengths([7, 0, 0], 15))).toEqual([1, 1, 0]);
    expect(Array.from(huffmanCodeLengths([0, 0, 0], 15))).toEqual([0, 0, 0]);
  });

  it('respects the length limit on Fibonacci counts while staying complete', () => {
    const counts = [1, 1];
    while (counts.length < 30) {
      counts.push((counts.at(-1) ?? 0) + (counts.at(-2) ?? 0));
    }
    expect(Math.max(...huffmanCodeLengths(counts, 64))).toBe(29);
    for (const limit of [15, 7]) {
      const lengths = huffmanCodeLengths(counts, limit);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(limit);
      expect(kraftSum(lengths)).toBe(1);
    }
  });

  it('is complete for many random histograms', () => {
    let state = 99;
    const nextRandom = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    };
    for (let round = 0; round < 50; round += 1) {
      const counts = Array.from({ length: 280 }, () =>
        nextRandom() % 3 === 0 ? 0 : nextRandom() % 100_000,
      );
      const lengths = huffmanCodeLengths(counts, 15);
      expect(kraftSum(lengths)).toBe(1);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(15);
    }
  });
});

describe('canonicalPrefixCode', () => {
  it('assigns DEFLATE canonical codes and stores them bit-reversed', () => {
    // RFC 1951 section 3.2.2 example: lengths (3, 3, 3, 3, 3, 2, 4, 4) give
    // 010, 011, 100, 101, 110, 00, 1110, 1111.
    const code = canonicalPrefixCode(new Uint8Array([3, 3, 3, 3, 3, 2, 4, 4]));
    const reverse = (text: string) => [...text].reverse().join('');
    expect(
      Array.from(code.codes, (value, symbol) =>
        value.toString(2).padStart(code.lengths[symbol] ?? 0, '0'),
      ),
    ).toEqual(['010', '011', '100', '101', '110', '00', '1110', '1111'].map(reverse));
  });

  it('gives no code to symbols of length 0', () => {
    const code = canonicalPrefixCode(new Uint8Array([0, 1, 0, 1]));
    expect(Array.from(code.codes)).toEqual([0, 0, 0, 1]);
    expect(Array.from(code.lengths)).toEqual([0, 1, 0, 1]);
  });
});
