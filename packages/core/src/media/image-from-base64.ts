import { Buffer } from 'node:buffer';
import type { ImageModelV1Image } from '../image-model/v1/image-model-v1-result.js';

/**
 * An adapter's image from base64 text, as a string or as ASCII bytes (a value of a
 * `base64Fields` key that `readJsonResponse` gave with `base64As: 'bytes'`), with its other facts
 * (`details`: media type, size, seed, …). A string becomes `data` as it is. Bytes become
 * `base64Bytes`, and `data` is a getter that makes the string (once) only when a consumer that
 * does not know `base64Bytes` reads it; the hub never does.
 *
 * @example
 * if (item.b64_json) images.push(imageFromBase64(item.b64_json, { mediaType: 'image/png' }));
 */
export function imageFromBase64(
  base64: string | Uint8Array,
  details: Omit<ImageModelV1Image, 'data' | 'base64Bytes'> = {},
): ImageModelV1Image {
  if (typeof base64 === 'string') return { ...details, data: base64 };
  let text: string | undefined;
  return {
    ...details,
    base64Bytes: base64,
    get data(): string {
      text ??= Buffer.from(base64.buffer, base64.byteOffset, base64.byteLength).toString('latin1');
      return text;
    },
  };
}
