import { z } from 'zod';
import { base64Codec, isBase64 } from '../media/base64.js';

/**
 * An input image, normalised. Strings are classified once: URLs stay URLs (downloaded or passed
 * on by the adapter), data URIs and bare base64 become `base64`, bytes stay bytes.
 */
export type ImageSource =
  | { readonly type: 'url'; readonly url: string }
  | { readonly type: 'base64'; readonly base64: string; readonly mediaType?: string }
  | { readonly type: 'bytes'; readonly bytes: Uint8Array; readonly mediaType?: string };

/** What callers may pass as an image: an http(s) URL, a data URI, a base64 string, or bytes. */
export type ImageSourceInput = string | Uint8Array | ArrayBuffer;

const expectedImage =
  'an http(s) URL, a data URI (data:image/png;base64,…), a base64 string, or bytes';

/** Why `text` is not an image source, or the normalised source. */
export function parseImageSource(value: ImageSourceInput): ImageSource | { error: string } {
  if (value instanceof Uint8Array) {
    return value.byteLength === 0 ? { error: 'empty image' } : { type: 'bytes', bytes: value };
  }
  if (value instanceof ArrayBuffer) {
    return value.byteLength === 0
      ? { error: 'empty image' }
      : { type: 'bytes', bytes: new Uint8Array(value) };
  }
  if (value.length === 0) return { error: 'empty string' };
  if (value.startsWith('data:')) return parseDataUri(value);
  if (/^https?:\/\//i.test(value)) {
    return URL.canParse(value) ? { type: 'url', url: value } : { error: 'malformed URL' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return { error: 'only http and https URLs are accepted' };
  }
  return isBase64(value) ? { type: 'base64', base64: value } : { error: 'not valid base64' };
}

function parseDataUri(value: string): ImageSource | { error: string } {
  const comma = value.indexOf(',');
  if (comma === -1) return { error: 'malformed data URI' };
  const header = value.slice(5, comma);
  if (!header.toLowerCase().endsWith(';base64'))
    return { error: 'data URIs must be base64-encoded' };
  const mediaType = header.slice(0, header.indexOf(';')).toLowerCase();
  if (mediaType && !mediaType.startsWith('image/')) {
    return { error: `data URI of type ${mediaType}, expected an image` };
  }
  const base64 = value.slice(comma + 1);
  if (!isBase64(base64)) return { error: 'data URI payload is not valid base64' };
  return mediaType ? { type: 'base64', base64, mediaType } : { type: 'base64', base64 };
}

/** Bytes of an inline source (decoding base64 at most once); `undefined` for URLs. */
export function imageSourceBytes(source: ImageSource): Uint8Array | undefined {
  if (source.type === 'bytes') return source.bytes;
  if (source.type === 'base64') return base64Codec.decode(source.base64);
  return undefined;
}

/** Base64 of an inline source (encoding bytes at most once); `undefined` for URLs. */
export function imageSourceBase64(source: ImageSource): string | undefined {
  if (source.type === 'base64') return source.base64;
  if (source.type === 'bytes') return base64Codec.encode(source.bytes);
  return undefined;
}

const bytesSchema = z.custom<Uint8Array | ArrayBuffer>(
  value => value instanceof Uint8Array || value instanceof ArrayBuffer,
  { message: `expected ${expectedImage}` },
);

/** zod schema of one input image: accepts `ImageSourceInput`, outputs `ImageSource`. */
export const imageSourceSchema = z
  .union([z.string(), bytesSchema], { error: `expected ${expectedImage}` })
  .transform((value, context) => {
    const parsed = parseImageSource(value);
    if ('error' in parsed) {
      context.issues.push({
        code: 'custom',
        message: `${parsed.error}; expected ${expectedImage}`,
        input: value,
      });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({
    description: 'An image: an http(s) URL, a data URI or a base64 string (bytes in the library).',
  });
