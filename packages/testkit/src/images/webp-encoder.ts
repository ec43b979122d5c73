import { canonicalPrefixCode, huffmanCodeLengths, type PrefixCode } from './huffman-code.js';
import { LsbBitWriter } from './lsb-bit-writer.js';
import type { RgbImage } from './rgb-image.js';

/** Largest width or height VP8L can state, in pixels. */
export const webpMaximumDimension = 16_384;

const losslessSignature = 0x2f;
const literalCount = 256;
const lengthPrefixCount = 24;
const distancePrefixCount = 40;
const opaqueAlpha = 0xff;
const longestCopy = 4096;
/** Shorter repeats cost more as a copy than as literals. */
const shortestCopy = 3;
const longestDataCode = 15;
const longestCodeLengthCode = 7;
const codeLengthCodeOrder = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * The neighbours a copy may repeat, as VP8L distance codes (which name a pixel by its position
 * relative to the current one, so the value does not depend on the width) with their offsets.
 * Above-right comes first: in a diagonal gradient each row is the previous one shifted by a pixel.
 */
const copySources = [
  { distanceCode: 4, columnOffset: -1, rowOffset: 1 },
  { distanceCode: 2, columnOffset: 1, rowOffset: 0 },
  { distanceCode: 1, columnOffset: 0, rowOffset: 1 },
  { distanceCode: 3, columnOffset: 1, rowOffset: 1 },
] as const;

/**
 * Encode an RGB image as a lossless WebP (a RIFF file with one VP8L chunk). No transforms and no
 * colour cache: pixels are literals or copies of a neighbouring pixel run, and each of the five
 * prefix codes is a Huffman code built from the image's own statistics (complete, at most 15 bits).
 *
 * @throws RangeError when a dimension is not an integer from 1 to 16384.
 */
export function encodeWebpLossless(image: RgbImage): Uint8Array {
  const { width, height } = image;
  for (const dimension of [width, height]) {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > webpMaximumDimension) {
      throw new RangeError(
        `WebP dimensions must be integers from 1 to 16384, got ${width}×${height}`,
      );
    }
  }
  const tokens = tokenize(packPixels(image), width);
  const writer = new LsbBitWriter(Math.ceil(width * height * 0.5) + 1024);
  writeHeader(writer, width, height);
  const greenCode = writePrefixCode(writer, tokens.greenCounts);
  const redCode = writePrefixCode(writer, tokens.redCounts);
  const blueCode = writePrefixCode(writer, tokens.blueCounts);
  const alphaCode = writePrefixCode(writer, alphaCounts);
  const distanceCode = writePrefixCode(writer, tokens.distanceCounts);
  for (let index = 0; index < tokens.count; index += 1) {
    const copyLength = tokens.copyLengths[index] ?? 0;
    const value = tokens.values[index] ?? 0;
    if (copyLength === 0) {
      writeSymbol(writer, greenCode, (value >>> 8) & 0xff);
      writeSymbol(writer, redCode, value >>> 16);
      writeSymbol(writer, blueCode, value & 0xff);
      writeSymbol(writer, alphaCode, opaqueAlpha);
    } else {
      const length = prefixEncode(copyLength);
      writeSymbol(writer, greenCode, literalCount + length.prefix);
      writer.write(length.extraBits, length.extraBitCount);
      const distance = prefixEncode(value);
      writeSymbol(writer, distanceCode, distance.prefix);
      writer.write(distance.extraBits, distance.extraBitCount);
    }
  }
  return wrapInRiff(writer.finish());
}

/**
 * The VP8L header (signature, width - 1 and height - 1 in 14 bits each, alpha_is_used = 0,
 * version = 0), then three absent features of the main image: transforms, colour cache and meta
 * prefix codes.
 */
function writeHeader(writer: LsbBitWriter, width: number, height: number): void {
  writer.write(losslessSignature, 8);
  writer.write(width - 1, 14);
  writer.write(height - 1, 14);
  writer.write(0, 1);
  writer.write(0, 3);
  writer.write(0, 1);
  writer.write(0, 1);
  writer.write(0, 1);
}

const alphaCounts = (() => {
  const counts = new Uint32Array(256);
  counts[opaqueAlpha] = 1;
  return counts;
})();

/** Pixels as `0xRRGGBB` integers, so that runs compare one number at a time. */
function packPixels(image: RgbImage): Uint32Array {
  const { data } = image;
  const pixels = new Uint32Array(image.width * image.height);
  for (let pixel = 0, offset = 0; pixel < pixels.length; pixel += 1, offset += 3) {
    pixels[pixel] = (data[offset]! << 16) | (data[offset + 1]! << 8) | data[offset + 2]!;
  }
  return pixels;
}

interface Tokens {
  readonly count: number;
  /** Per token: 0 for a literal, else the number of pixels copied. */
  readonly copyLengths: Uint16Array;
  /** Per token: the `0xRRGGBB` literal, or the copy's distance code. */
  readonly values: Uint32Array;
  readonly greenCounts: Uint32Array;
  readonly redCounts: Uint32Array;
  readonly blueCounts: Uint32Array;
  readonly distanceCounts: Uint32Array;
}

/** Greedy LZ77 restricted to `copySources`: take the longest run any of them repeats. */
function tokenize(pixels: Uint32Array, width: number): Tokens {
  const copyLengths = new Uint16Array(pixels.length);
  const values = new Uint32Array(pixels.length);
  const greenCounts = new Uint32Array(literalCount + lengthPrefixCount);
  const redCounts = new Uint32Array(256);
  const blueCounts = new Uint32Array(256);
  const distanceCounts = new Uint32Array(distancePrefixCount);
  const sources = copySources.map(source => ({
    distanceCode: source.distanceCode,
    distance: Math.max(1, source.columnOffset + source.rowOffset * width),
  }));
  let count = 0;
  let position = 0;
  while (position < pixels.length) {
    const limit = Math.min(longestCopy, pixels.length - position);
    let bestLength = 0;
    let bestCode = 0;
    for (const source of sources) {
      if (source.distance > position) {
        continue;
      }
      let length = 0;
      while (
        length < limit &&
        pixels[position + length] === pixels[position + length - source.distance]
      ) {
        length += 1;
      }
      if (length > bestLength) {
        bestLength = length;
        bestCode = source.distanceCode;
      }
    }
    if (bestLength >= shortestCopy) {
      copyLengths[count] = bestLength;
      values[count] = bestCode;
      greenCounts[literalCount + prefixEncode(bestLength).prefix]! += 1;
      distanceCounts[prefixEncode(bestCode).prefix]! += 1;
      position += bestLength;
    } else {
      const pixel = pixels[position]!;
      values[count] = pixel;
      greenCounts[(pixel >>> 8) & 0xff]! += 1;
      redCounts[pixel >>> 16]! += 1;
      blueCounts[pixel & 0xff]! += 1;
      position += 1;
    }
    count += 1;
  }
  return { count, copyLengths, values, greenCounts, redCounts, blueCounts, distanceCounts };
}

/** VP8L's prefix coding of lengths and distances: a prefix symbol plus raw extra bits. */
function prefixEncode(value: number): { prefix: number; extraBitCount: number; extraBits: number } {
  if (value < 5) {
    return { prefix: value - 1, extraBitCount: 0, extraBits: 0 };
  }
  const remainder = value - 1;
  const highestBit = 31 - Math.clz32(remainder);
  const secondHighestBit = (remainder >>> (highestBit - 1)) & 1;
  const extraBitCount = highestBit - 1;
  return {
    prefix: 2 * highestBit + secondHighestBit,
    extraBitCount,
    extraBits: remainder & ((1 << extraBitCount) - 1),
  };
}

/**
 * Write the code for a symbol histogram: a "simple" code when at most two symbols below 256
 * occur (one symbol then costs no bits at all), else a "normal" one whose code lengths are
 * themselves written with a code-length code.
 */
function writePrefixCode(writer: LsbBitWriter, counts: Uint32Array): PrefixCode {
  const used: number[] = [];
  counts.forEach((count, symbol) => {
    if (count > 0) {
      used.push(symbol);
    }
  });
  if (used.length <= 2 && used.every(symbol => symbol < 256)) {
    return writeSimpleCode(writer, used.length === 0 ? [0] : used, counts.length);
  }
  const lengths = huffmanCodeLengths(counts, longestDataCode);
  writeCodeLengths(writer, lengths);
  return canonicalPrefixCode(lengths);
}

function writeSimpleCode(
  writer: LsbBitWriter,
  symbols: number[],
  alphabetSize: number,
): PrefixCode {
  const [first = 0, second] = symbols;
  writer.write(1, 1);
  writer.write(symbols.length - 1, 1);
  const firstNeedsEightBits = first > 1;
  writer.write(firstNeedsEightBits ? 1 : 0, 1);
  writer.write(first, firstNeedsEightBits ? 8 : 1);
  const lengths = new Uint8Array(alphabetSize);
  if (second !== undefined) {
    writer.write(second, 8);
    lengths[first] = 1;
    lengths[second] = 1;
  }
  return canonicalPrefixCode(lengths);
}

/**
 * A normal code's lengths: the code-length code's own 3-bit lengths in VP8L's order, a 0 bit (no
 * `max_symbol`: every symbol's length follows), then each length as a code-length symbol 0 to 15.
 * The repeat symbols 16 to 18 are not used; they would only shorten the header.
 */
function writeCodeLengths(writer: LsbBitWriter, lengths: Uint8Array): void {
  const lengthCounts = new Uint32Array(codeLengthCodeOrder.length);
  for (const length of lengths) {
    lengthCounts[length]! += 1;
  }
  const codeLengthLengths = huffmanCodeLengths(lengthCounts, longestCodeLengthCode);
  const codeLengthCode = canonicalPrefixCode(codeLengthLengths);
  let storedCount = codeLengthCodeOrder.length;
  while (storedCount > 4 && codeLengthLengths[codeLengthCodeOrder[storedCount - 1]!] === 0) {
    storedCount -= 1;
  }
  writer.write(0, 1);
  writer.write(storedCount - 4, 4);
  for (let index = 0; index < storedCount; index += 1) {
    writer.write(codeLengthLengths[codeLengthCodeOrder[index]!]!, 3);
  }
  writer.write(0, 1);
  for (const length of lengths) {
    writeSymbol(writer, codeLengthCode, length);
  }
}

function writeSymbol(writer: LsbBitWriter, code: PrefixCode, symbol: number): void {
  writer.write(code.codes[symbol]!, code.lengths[symbol]!);
}

function wrapInRiff(losslessBitstream: Uint8Array): Uint8Array {
  const padding = losslessBitstream.length % 2;
  const file = new Uint8Array(20 + losslessBitstream.length + padding);
  const view = new DataView(file.buffer);
  writeAscii(file, 0, 'RIFF');
  view.setUint32(4, file.length - 8, true);
  writeAscii(file, 8, 'WEBP');
  writeAscii(file, 12, 'VP8L');
  view.setUint32(16, losslessBitstream.length, true);
  file.set(losslessBitstream, 20);
  return file;
}

function writeAscii(bytes: Uint8Array, offset: number, text: string): void {
  for (let index = 0; index < text.length; index += 1) {
    bytes[offset + index] = text.charCodeAt(index);
  }
}
