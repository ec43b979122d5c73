import type { Dispatcher } from 'undici';
import { readImageMetadata } from '../media/image-metadata.js';

/** Bytes needed to recognise every supported image signature (WebP: `RIFF????WEBP`). */
const sniffLength = 12;

/** How a declared media type is treated: accepted, accepted if the bytes are an image, refused. */
export type MediaTypeVerdict = 'accept' | 'sniff' | 'refuse';

/** Thrown by `readCappedBody` when the body passes `maxBytes`. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body exceeds the limit of ${maxBytes} bytes`);
  }
}

/**
 * Read a body into one buffer, counting bytes as they arrive and abandoning the stream as soon as
 * `maxBytes` is passed (never buffering first and checking after). `inspect` sees the first bytes
 * once enough have arrived to recognise an image, and may throw to stop the download.
 */
export async function readCappedBody(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  inspect: ((head: Uint8Array) => void) | undefined,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let inspected = inspect === undefined;
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      abandonBody(body);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(chunk);
    if (!inspected && total >= sniffLength) {
      inspected = true;
      inspect?.(concatenate(chunks, total));
    }
  }
  const bytes = concatenate(chunks, total);
  if (!inspected) inspect?.(bytes);
  return bytes;
}

function concatenate(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Stops a body mid-stream; undici then reports an abort error that nobody needs to hear. */
export function abandonBody(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined).destroy();
}

/** Reads a little of a body we do not want so the connection can be reused; larger ones are cut. */
export async function discardBody(
  body: Dispatcher.ResponseData['body'],
  signal?: AbortSignal,
): Promise<void> {
  await body.dump({ limit: 64 * 1024, signal }).catch(() => undefined);
}

/** The media type of a `Content-Type` header, without parameters, lower-case. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether `mediaType` starts with one of `prefixes`. */
export function matchesMediaPrefix(mediaType: string, prefixes: readonly string[]): boolean {
  return prefixes.some(prefix => mediaType.startsWith(prefix.toLowerCase()));
}

/**
 * Decide on a declared media type: allowed `image/*` types are still sniffed (the bytes must be
 * an image); unlabelled bodies (`application/octet-stream` or none) are sniffed when images are
 * allowed; anything else is refused.
 */
export function mediaTypeVerdict(mediaType: string, allowed: readonly string[]): MediaTypeVerdict {
  if (matchesMediaPrefix(mediaType, allowed))
    return mediaType.startsWith('image/') ? 'sniff' : 'accept';
  const unlabelled = mediaType === 'application/octet-stream' || mediaType === '';
  const imagesAllowed = allowed.some(prefix => prefix.toLowerCase().startsWith('image/'));
  return unlabelled && imagesAllowed ? 'sniff' : 'refuse';
}

/** The image type the first bytes show (PNG, JPEG, WebP, GIF), if any. */
export function sniffImageType(head: Uint8Array): string | undefined {
  return readImageMetadata(head)?.mediaType;
}
