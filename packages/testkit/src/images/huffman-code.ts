/** A canonical prefix code, ready for a writer that emits bits least-significant first. */
export interface PrefixCode {
  /** Code length of each symbol, in bits; 0 for symbols that never occur. */
  readonly lengths: Uint8Array;
  /** Code of each symbol with its bits reversed, as DEFLATE and VP8L store them. */
  readonly codes: Uint16Array;
}

/**
 * Huffman code lengths for the given symbol counts, none longer than `maxLength`. The code is
 * always complete (its Kraft sum is exactly 1), because decoders such as libwebp reject incomplete
 * codes: when only one symbol occurs, a second one is given a code too.
 *
 * @param counts How often each symbol occurs.
 * @param maxLength Longest allowed code, in bits (15 for VP8L data, 7 for its code-length code).
 * @returns One length per symbol; all zero when no symbol occurs.
 */
export function huffmanCodeLengths(counts: ArrayLike<number>, maxLength: number): Uint8Array {
  const used: number[] = [];
  for (let symbol = 0; symbol < counts.length; symbol += 1) {
    if ((counts[symbol] ?? 0) > 0) {
      used.push(symbol);
    }
  }
  if (used.length === 1 && counts.length > 1) {
    used.push(used[0] === 0 ? 1 : 0);
    used.sort((left, right) => left - right);
  }
  const lengths = new Uint8Array(counts.length);
  if (used.length < 2) {
    return lengths;
  }
  // Like libwebp: when the tree is too deep, flatten it by raising the smallest counts, and retry.
  for (let minimumCount = 1; ; minimumCount *= 2) {
    const depths = treeDepths(used.map(symbol => Math.max(counts[symbol] ?? 0, minimumCount)));
    if (depths.every(depth => depth <= maxLength)) {
      used.forEach((symbol, index) => {
        lengths[symbol] = depths[index] ?? 0;
      });
      return lengths;
    }
  }
}

/** Depth of each leaf in a Huffman tree built over `weights` (at least two). */
function treeDepths(weights: readonly number[]): number[] {
  const leafCount = weights.length;
  const nodeWeights = [...weights];
  const parents = new Int32Array(2 * leafCount - 1).fill(-1);
  const active = weights.map((_, index) => index);
  while (active.length > 1) {
    const first = takeLightest(active, nodeWeights);
    const second = takeLightest(active, nodeWeights);
    const parent = nodeWeights.length;
    nodeWeights.push((nodeWeights[first] ?? 0) + (nodeWeights[second] ?? 0));
    parents[first] = parent;
    parents[second] = parent;
    active.push(parent);
  }
  return weights.map((_, leaf) => {
    let depth = 0;
    for (let node = parents[leaf] ?? -1; node !== -1; node = parents[node] ?? -1) {
      depth += 1;
    }
    return depth;
  });
}

function takeLightest(active: number[], weights: readonly number[]): number {
  let lightestPosition = 0;
  for (let position = 1; position < active.length; position += 1) {
    if ((weights[active[position]!] ?? 0) < (weights[active[lightestPosition]!] ?? 0)) {
      lightestPosition = position;
    }
  }
  return active.splice(lightestPosition, 1)[0]!;
}

/**
 * The canonical code for the given lengths (shorter codes first, then by symbol), as DEFLATE and
 * VP8L define it, with each code bit-reversed for a least-significant-first writer.
 */
export function canonicalPrefixCode(lengths: Uint8Array): PrefixCode {
  const longest = lengths.reduce((maximum, length) => Math.max(maximum, length), 0);
  const lengthCounts = new Uint32Array(longest + 1);
  for (const length of lengths) {
    if (length > 0) {
      lengthCounts[length] = (lengthCounts[length] ?? 0) + 1;
    }
  }
  const nextCodes = new Uint32Array(longest + 1);
  let code = 0;
  for (let length = 1; length <= longest; length += 1) {
    code = (code + (lengthCounts[length - 1] ?? 0)) << 1;
    nextCodes[length] = code;
  }
  const codes = new Uint16Array(lengths.length);
  lengths.forEach((length, symbol) => {
    if (length > 0) {
      const assigned = nextCodes[length] ?? 0;
      nextCodes[length] = assigned + 1;
      codes[symbol] = reverseBits(assigned, length);
    }
  });
  return { lengths, codes };
}

function reverseBits(value: number, bitCount: number): number {
  let reversed = 0;
  for (let bit = 0; bit < bitCount; bit += 1) {
    reversed = (reversed << 1) | ((value >>> bit) & 1);
  }
  return reversed;
}
