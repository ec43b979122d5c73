import { crc32 } from 'node:zlib';
import { synthesizeImage } from '@easel/testkit';

const signatureAndHeaderBytes = 8 + 25;

/**
 * A valid PNG of `width`×`height` made `totalBytes` long by a private ancillary chunk (`eaSy`)
 * after the header: image readers skip it, but it travels, so the request carrying it is large.
 */
export function paddedPng(width: number, height: number, totalBytes: number): Buffer {
  const image = Buffer.from(synthesizeImage({ width, height, format: 'png', seed: 7 }));
  const padding = Math.max(0, totalBytes - image.byteLength - 12);
  const chunk = Buffer.alloc(12 + padding);
  chunk.writeUInt32BE(padding, 0);
  chunk.write('eaSy', 4, 'latin1');
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + padding)), 8 + padding);
  return Buffer.concat([
    image.subarray(0, signatureAndHeaderBytes),
    chunk,
    image.subarray(signatureAndHeaderBytes),
  ]);
}
