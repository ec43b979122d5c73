import { readImageMetadata } from '@easel/core';
import type { JsonValue } from '../../simulator/index.js';
import { type FastApiValidationIssue, valueError } from './fastapi-error.js';

/** An input image of a submission, as far as the simulator could inspect it. */
export interface BflInputImage {
  /** The body field that carried it, e.g. `input_image_2`. */
  readonly field: string;
  readonly width: number;
  readonly height: number;
  /** Whether it was an http(s) URL, which the simulator never fetches. */
  readonly remote: boolean;
}

/**
 * The size counted for an http(s) URL input: the simulator does not fetch URLs (a test must never
 * reach the network), so it counts them as 1024 × 1024.
 */
export const remoteInputSize = 1024;

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads one input-image field: `null` or absent is no image; a string must be an http(s) URL (when
 * `acceptsUrl`) or base64 (no `data:` prefix) that decodes to a PNG, JPEG, WebP or GIF image.
 *
 * @returns the image, nothing, or the `value_error` issue FastAPI would list for the field.
 */
export function readInputImage(
  field: string,
  value: unknown,
  acceptsUrl: boolean,
): BflInputImage | FastApiValidationIssue | undefined {
  if (value === null || value === undefined || typeof value !== 'string') return undefined;
  if (acceptsUrl && /^https?:\/\//i.test(value) && URL.canParse(value)) {
    return { field, width: remoteInputSize, height: remoteInputSize, remote: true };
  }
  const metadata =
    base64Pattern.test(value) && value.length % 4 !== 1
      ? readImageMetadata(Buffer.from(value, 'base64'))
      : undefined;
  if (metadata?.width === undefined || metadata.height === undefined) {
    const expected = acceptsUrl
      ? 'a base64-encoded image (PNG, JPEG, WebP or GIF) or an http(s) URL'
      : 'a base64-encoded image (PNG, JPEG, WebP or GIF)';
    return valueError(
      ['body', field],
      `${field} must be ${expected}`,
      truncated(value) as JsonValue,
    );
  }
  return { field, width: metadata.width, height: metadata.height, remote: false };
}

const echoedLength = 100;

/** Base64 images are long; echo their start only, so a 422 stays readable. */
function truncated(value: string): string {
  return value.length > echoedLength ? `${value.slice(0, echoedLength)}…` : value;
}
