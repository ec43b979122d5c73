import { synthesizeImage } from '../../images/index.js';
import type { ImageRequest } from './image-request.js';

/**
 * A 32-bit seed mixed from everything an output depends on (simulator seed, image index, partial
 * index, input fingerprints), with FNV-1a, so equal requests give equal pictures and any
 * difference gives different ones.
 */
export function imageSeed(parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const character of parts.join('|')) {
    hash ^= character.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A real image file as the request asks for it: its size, format and (for JPEG) compression. */
export function renderImage(request: ImageRequest, seed: number): Uint8Array {
  return synthesizeImage({
    width: request.size.width,
    height: request.size.height,
    format: request.outputFormat,
    seed,
    prompt: request.prompt,
    // output_compression 0 is legal but JPEG quality starts at 1.
    ...(request.outputFormat === 'jpeg' ? { quality: Math.max(1, request.outputCompression) } : {}),
  });
}

/** Bytes as base64, the way every `b64_json` field carries them. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
