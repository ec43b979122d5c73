import { createHash } from 'node:crypto';
import { readImageMetadata } from '@easel/core';
import { badRequest } from './ideogram-api-error.js';
import type { PixelSize } from './ideogram-resolutions.js';

/** An uploaded image, as far as the simulator inspects it. */
export interface InputImage extends PixelSize {
  readonly mediaType: 'image/jpeg' | 'image/png' | 'image/webp';
  readonly byteLength: number;
  /** SHA-256 of the bytes, in hex, so outputs depend on inputs. */
  readonly fingerprint: string;
}

/** The formats every image field accepts (the spec: "JPEG, WebP and PNG"). */
export const inputMediaTypes: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * Reads an uploaded file's format and size from its headers (the declared part type is not
 * trusted).
 *
 * @param field How messages name the file, e.g. `image` or `style_reference_images[1]`.
 * @throws IdeogramApiError 400 when it is not a JPEG, PNG or WebP image with readable dimensions.
 */
export function inspectImage(bytes: Buffer, field: string): InputImage {
  const metadata = readImageMetadata(bytes);
  if (
    metadata === undefined ||
    !inputMediaTypes.includes(metadata.mediaType) ||
    metadata.width === undefined ||
    metadata.height === undefined
  ) {
    const found = metadata === undefined ? 'an unrecognised file' : `an ${metadata.mediaType} file`;
    throw badRequest(
      `'${field}' must be a JPEG, PNG or WebP image, got ${found} of ${bytes.byteLength} bytes.`,
    );
  }
  return {
    mediaType: metadata.mediaType as InputImage['mediaType'],
    width: metadata.width,
    height: metadata.height,
    byteLength: bytes.byteLength,
    fingerprint: createHash('sha256').update(bytes).digest('hex'),
  };
}
