import { createHash } from 'node:crypto';
import { readImageMetadata } from '@easel/core';
import type { MultipartPart } from '../../simulator/index.js';
import { parseDataUrl } from './data-url.js';
import { invalidRequest, listOf, type OpenAIApiError, quote } from './openai-api-error.js';
import type { OpenAIEditProfile } from './openai-models.js';

/** One image an edit starts from (or its mask), as far as the simulator could inspect it. */
export interface EditInput {
  /** Pixel size; absent for an http(s) URL, which the simulator does not fetch. */
  readonly width?: number;
  readonly height?: number;
  /** SHA-256 of the bytes (or of the URL), to make outputs depend on inputs. */
  readonly fingerprint: string;
}

/** What an edit starts from. */
export interface EditInputs {
  /** At least one. */
  readonly images: readonly EditInput[];
  readonly mask?: EditInput;
}

/**
 * Reads and checks the images of a multipart edit (`image`, or repeated `image[]`, and `mask`):
 * each must be a file part that declares a supported media type and really is an image of it.
 *
 * @throws OpenAIApiError naming the first bad part.
 */
export function readMultipartInputs(
  parts: readonly MultipartPart[],
  profile: OpenAIEditProfile,
): EditInputs {
  const imageParts = parts.filter(part => part.name === 'image' || part.name === 'image[]');
  const single = imageParts.length === 1 && imageParts[0]!.name === 'image';
  checkImageCount(imageParts.length, profile);
  const images = imageParts.map((part, index) => {
    const param = single ? 'image' : `image[${index}]`;
    if (part.filename === undefined) {
      throw invalidRequest(
        "Invalid type for 'image': expected one of an array of files or file, but got a string instead.",
        { param: 'image', code: 'invalid_type' },
      );
    }
    const mediaType = (part.contentType ?? 'application/octet-stream').split(';')[0]!.trim();
    if (!profile.inputMediaTypes.includes(mediaType.toLowerCase())) {
      throw invalidRequest(
        `Invalid file '${param}': unsupported mimetype (${quote(mediaType)}). Supported file formats are ${listOf(profile.inputMediaTypes.map(quote))}.`,
        { param, code: 'unsupported_file_mimetype' },
      );
    }
    return inspectImage(part.data, { param, index, profile });
  });

  const maskPart = parts.find(part => part.name === 'mask');
  if (maskPart === undefined) return { images };
  if (maskPart.filename === undefined) {
    throw invalidRequest("Invalid type for 'mask': expected a file, but got a string instead.", {
      param: 'mask',
      code: 'invalid_type',
    });
  }
  return { images, mask: inspectMask(maskPart.data, 'mask', images[0]!) };
}

/**
 * Reads and checks the images of a JSON edit (`images[].image_url`, `mask.image_url`): data URLs
 * must hold a supported image; http(s) URLs are accepted without being fetched; `file_id`
 * references are refused, since the simulator has no Files API.
 *
 * @throws OpenAIApiError naming the first bad reference.
 */
export function readJsonInputs(
  fields: Readonly<Record<string, unknown>>,
  profile: OpenAIEditProfile,
): EditInputs {
  const references = fields.images as readonly ImageReference[];
  checkImageCount(references.length, profile);
  const images = references.map((reference, index) => {
    const param = `images[${index}]`;
    const url = resolveReference(reference, param);
    if (url.kind === 'remote') return url.input;
    if (!profile.inputMediaTypes.includes(url.mediaType))
      throw invalidDataUrl(`${param}.image_url`);
    return inspectImage(url.bytes, { param: `${param}.image_url`, index, profile });
  });

  const maskReference = fields.mask as ImageReference | undefined;
  if (maskReference === undefined) return { images };
  const url = resolveReference(maskReference, 'mask');
  if (url.kind === 'remote') return { images, mask: url.input };
  return { images, mask: inspectMask(url.bytes, 'mask.image_url', images[0]!) };
}

type ImageReference = { readonly image_url?: string; readonly file_id?: string };

type ResolvedReference =
  | { readonly kind: 'remote'; readonly input: EditInput }
  | { readonly kind: 'inline'; readonly mediaType: string; readonly bytes: Buffer };

function resolveReference(reference: ImageReference, param: string): ResolvedReference {
  if (reference.file_id !== undefined) {
    throw invalidRequest(`No such File object: ${reference.file_id}.`, {
      param: `${param}.file_id`,
    });
  }
  const url = reference.image_url!;
  if (/^https?:\/\//i.test(url)) return { kind: 'remote', input: { fingerprint: digest(url) } };
  const decoded = url.startsWith('data:') ? parseDataUrl(url) : undefined;
  if (decoded === undefined) throw invalidDataUrl(`${param}.image_url`);
  return { kind: 'inline', ...decoded };
}

function invalidDataUrl(param: string): OpenAIApiError {
  return invalidRequest(
    `Invalid '${param}'. Expected a fully qualified http(s) URL or a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got an invalid value.`,
    { param, code: 'invalid_value' },
  );
}

function checkImageCount(count: number, profile: OpenAIEditProfile): void {
  if (count === 0) {
    throw invalidRequest("Missing required parameter: 'image'.", {
      param: 'image',
      code: 'missing_required_parameter',
    });
  }
  if (count > profile.maxInputImages) {
    throw invalidRequest(
      `Invalid 'image': too many images. This model accepts at most ${profile.maxInputImages}, but got ${count}.`,
      { param: 'image', code: 'array_above_max_length' },
    );
  }
}

function inspectImage(
  bytes: Buffer,
  where: { readonly param: string; readonly index: number; readonly profile: OpenAIEditProfile },
): EditInput {
  const { param, index, profile } = where;
  if (bytes.byteLength > profile.maxInputBytes) {
    throw invalidRequest(
      `Invalid file '${param}': the file is ${bytes.byteLength} bytes, more than the ${profile.maxInputBytes / (1024 * 1024)} MB limit.`,
      { param, code: 'image_too_large' },
    );
  }
  const metadata = readImageMetadata(bytes);
  const supported =
    metadata !== undefined &&
    metadata.width !== undefined &&
    metadata.height !== undefined &&
    profile.inputMediaTypes.includes(metadata.mediaType);
  if (!supported) {
    throw invalidRequest(
      `Invalid image file or mode for image ${index + 1}, please check your image file.`,
      { param, code: 'invalid_image_format' },
    );
  }
  const { width, height } = metadata as { width: number; height: number };
  if (profile.squareInput && width !== height) {
    throw invalidRequest(`Uploaded image must be square, but '${param}' is ${width}x${height}.`, {
      param,
      code: 'invalid_value',
    });
  }
  return { width, height, fingerprint: digest(bytes) };
}

const maskLimitBytes = 4 * 1024 * 1024;

function inspectMask(bytes: Buffer, param: string, firstImage: EditInput): EditInput {
  const metadata = readImageMetadata(bytes);
  if (
    bytes.byteLength > maskLimitBytes ||
    metadata?.mediaType !== 'image/png' ||
    metadata.width === undefined ||
    metadata.height === undefined
  ) {
    throw invalidRequest(`Invalid file '${param}': the mask must be a valid PNG file under 4 MB.`, {
      param,
      code: 'invalid_image_format',
    });
  }
  const { width, height } = metadata;
  if (
    firstImage.width !== undefined &&
    (firstImage.width !== width || firstImage.height !== height)
  ) {
    throw invalidRequest(
      `Invalid file '${param}': the mask must have the same dimensions as the image (${firstImage.width}x${firstImage.height}), but it is ${width}x${height}.`,
      { param, code: 'invalid_value' },
    );
  }
  return { width, height, fingerprint: digest(bytes) };
}

function digest(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
