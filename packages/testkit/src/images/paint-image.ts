import type { RgbImage } from './rgb-image.js';

/** What `paintImage` draws. */
export interface PaintImageOptions {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Any number; together with `prompt` it picks the colours and shapes. */
  readonly seed: number;
  /** Any text; together with `seed` it picks the colours and shapes. */
  readonly prompt: string;
}

/**
 * Draw a cheap, recognisable picture, deterministic from seed and prompt: a diagonal gradient
 * between two colours, crossed by darker diagonal bands, with a disc of a third colour. Everything
 * but the disc depends on `x + y` only, so each row is the previous one shifted by a pixel, which
 * keeps the encoders' output small.
 */
export function paintImage(options: PaintImageOptions): RgbImage {
  const { width, height } = options;
  const random = createRandom(hashText(`${options.seed}\u0000${options.prompt}`));
  const startColour = randomColour(random);
  const endColour = startColour.map(channel => (channel + 96 + (random() % 64)) & 0xff);
  const [discRed = 0, discGreen = 0, discBlue = 0] = randomColour(random);
  const bandCount = 3 + (random() % 6);
  const discCentreX = width * (0.25 + randomFraction(random) / 2);
  const discCentreY = height * (0.25 + randomFraction(random) / 2);
  const discRadius = Math.min(width, height) * (0.12 + randomFraction(random) * 0.18);

  const diagonalColours = paintDiagonals(width + height - 1, startColour, endColour, bandCount);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    const rowOffset = y * width * 3;
    data.set(diagonalColours.subarray(y * 3, (y + width) * 3), rowOffset);
    const distance = y + 0.5 - discCentreY;
    if (Math.abs(distance) < discRadius) {
      const halfChord = Math.sqrt(discRadius * discRadius - distance * distance);
      const first = Math.max(0, Math.ceil(discCentreX - halfChord - 0.5));
      const last = Math.min(width - 1, Math.floor(discCentreX + halfChord - 0.5));
      for (let offset = rowOffset + first * 3; offset <= rowOffset + last * 3; offset += 3) {
        data[offset] = discRed;
        data[offset + 1] = discGreen;
        data[offset + 2] = discBlue;
      }
    }
  }
  return { width, height, data };
}

/** The colour of every diagonal `x + y`, as consecutive RGB triples. */
function paintDiagonals(
  diagonalCount: number,
  startColour: readonly number[],
  endColour: readonly number[],
  bandCount: number,
): Uint8Array {
  const colours = new Uint8Array(diagonalCount * 3);
  const lastDiagonal = Math.max(1, diagonalCount - 1);
  for (let diagonal = 0; diagonal < diagonalCount; diagonal += 1) {
    const darkened = Math.floor((diagonal * bandCount) / diagonalCount) % 2 === 1;
    for (let channel = 0; channel < 3; channel += 1) {
      const start = startColour[channel] ?? 0;
      const end = endColour[channel] ?? 0;
      const value = start + Math.round(((end - start) * diagonal) / lastDiagonal);
      colours[diagonal * 3 + channel] = darkened ? value - (value >> 2) : value;
    }
  }
  return colours;
}

function randomColour(random: () => number): number[] {
  return [random() & 0xff, random() & 0xff, random() & 0xff];
}

function randomFraction(random: () => number): number {
  return random() / 2 ** 32;
}

/** FNV-1a over UTF-16 code units. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a tiny, well-mixed 32-bit generator; returns unsigned 32-bit integers. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return (value ^ (value >>> 14)) >>> 0;
  };
}
