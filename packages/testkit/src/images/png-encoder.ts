import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import type { RgbImage } from './rgb-image.js';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const bitDepth = 8;
const truecolourType = 2;
/** Fast rather than small: synthetic images are flat enough that level 1 compresses them well. */
const deflateLevel = 1;

/**
 * Encode an RGB image as a PNG: 8-bit truecolour, no interlacing, filter type 0 on every row, one
 * IDAT chunk.
 */
export function encodePng(image: RgbImage): Uint8Array {
  const { width, height, data } = image;
  const rowLength = width * 3;
  const scanlines = new Uint8Array((rowLength + 1) * height);
  for (let row = 0; row < height; row += 1) {
    scanlines.set(data.subarray(row * rowLength, (row + 1) * rowLength), row * (rowLength + 1) + 1);
  }
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header.set([bitDepth, truecolourType, 0, 0, 0], 8);
  const compressed = deflateSync(scanlines, { level: deflateLevel });
  const chunks = [
    chunk('IHDR', header),
    chunk('IDAT', compressed),
    chunk('IEND', new Uint8Array()),
  ];
  const png = new Uint8Array(
    pngSignature.length + chunks.reduce((total, part) => total + part.length, 0),
  );
  png.set(pngSignature);
  let offset = pngSignature.length;
  for (const part of chunks) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}

/** Length, type, data and CRC (over type and data) of one PNG chunk. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  for (let index = 0; index < 4; index += 1) {
    bytes[4 + index] = type.charCodeAt(index);
  }
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)));
  return bytes;
}
