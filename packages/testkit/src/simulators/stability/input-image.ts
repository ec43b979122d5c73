import { createHash } from 'node:crypto';
import { readImageMetadata } from '@easel/core';

/** The `image` of an image-to-image request, as far as the simulator inspects it. */
export interface InputImage {
  readonly mediaType: 'image/jpeg' | 'image/png' | 'image/webp';
  readonly width: number;
  readonly height: number;
  /** SHA-256 of the bytes, hex, so outputs depend on the input. */
  readonly digest: string;
}

const acceptedMediaTypes: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];
const shortestSide = 64;

/**
 * Inspects an `image` part from its headers: it must really be a JPEG, PNG or WebP (whatever the
 * part's declared content type says) that states its size, every side at least 64 px.
 *
 * @returns The image, or the 400 message naming what is wrong with it.
 */
export function inspectInputImage(
  data: Uint8Array,
): { readonly image: InputImage } | { readonly problem: string } {
  const metadata = readImageMetadata(data);
  if (
    metadata === undefined ||
    !isAccepted(metadata.mediaType) ||
    metadata.width === undefined ||
    metadata.height === undefined
  ) {
    return { problem: 'image: must be a valid JPEG, PNG or WebP image' };
  }
  const { width, height } = metadata;
  if (width < shortestSide || height < shortestSide) {
    return {
      problem: `image: every side must be at least ${shortestSide} pixels; got ${width}x${height}`,
    };
  }
  return {
    image: {
      mediaType: metadata.mediaType,
      width,
      height,
      digest: createHash('sha256').update(data).digest('hex'),
    },
  };
}

function isAccepted(mediaType: string): mediaType is InputImage['mediaType'] {
  return acceptedMediaTypes.includes(mediaType);
}
