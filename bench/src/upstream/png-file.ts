import { randomFillSync } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/**
 * A valid RGBA PNG of random pixels, stored without compression (deflate level 0), so its size is
 * predictable: about `width × height × 4` bytes. Random pixels cannot be compressed anyway; level 0
 * only makes building it fast.
 */
export function randomPng(width: number, height: number, seed = 1): Buffer {
  const rowLength = width * 4 + 1;
  const raw = Buffer.alloc(rowLength * height);
  fillPseudoRandom(raw, seed);
  for (let row = 0; row < height; row += 1) raw[row * rowLength] = 0;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Deterministic filler (xorshift) for small seeds, crypto-random bytes for seed 0. */
function fillPseudoRandom(target: Buffer, seed: number): void {
  if (seed === 0) {
    randomFillSync(target);
    return;
  }
  let state = seed >>> 0 || 1;
  for (let index = 0; index + 4 <= target.length; index += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    target.writeUInt32LE(state >>> 0, index);
  }
}
