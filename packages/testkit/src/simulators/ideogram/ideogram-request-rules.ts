import { badRequest } from './ideogram-api-error.js';
import type { IdeogramOperation } from './ideogram-operations.js';
import { type InputImage, inspectImage } from './input-image.js';
import type { IdeogramRequest } from './read-ideogram-request.js';

/** What the rules learnt about a request's uploads. */
export interface CheckedInputs {
  /** The `image` being edited, remixed, reframed or given a new background. */
  readonly image?: InputImage;
  /** Fingerprints of every upload, in a fixed order, so outputs depend on them. */
  readonly fingerprints: readonly string[];
}

/** The spec's limit for `image`, `mask` and each set of reference images: 10 MB (MiB). */
export const maximumUploadBytes = 10 * 1024 * 1024;

/**
 * The largest input the simulator renders at its own size (edit, replace-background), in pixels.
 * Not Ideogram's: a guard against a few header bytes claiming a gigantic image.
 */
export const maximumRenderedInputPixels = 40_000_000;

/** Character references accepted per request ("currently only supports 1"). */
export const maximumCharacterReferences = 1;

/**
 * Applies the rules the spec states in prose, after the schema has passed:
 * - `aspect_ratio` excludes `resolution`; `style_codes` excludes `style_type` and
 *   `style_reference_images`;
 * - reference images are JPEG, PNG or WebP, at most 10 MB per set; at most one character
 *   reference; as many character masks as references, each of its reference's size;
 * - `image` (and edit's `mask`) at most 10 MB and real images; the mask of the image's size;
 *   reframe's image square.
 *
 * @throws IdeogramApiError 400 naming the field.
 */
export function checkRequestRules(
  operation: IdeogramOperation,
  request: IdeogramRequest,
): CheckedInputs {
  const { fields, files } = request;
  if (fields.aspect_ratio !== undefined && fields.resolution !== undefined) {
    throw badRequest("'aspect_ratio' and 'resolution' cannot be used together; send one of them.");
  }
  if (fields.style_codes !== undefined) {
    for (const excluded of ['style_type', 'style_reference_images']) {
      if (fields[excluded] !== undefined || files.has(excluded)) {
        throw badRequest(`'style_codes' cannot be used together with '${excluded}'.`);
      }
    }
  }

  const image = checkMainImage(operation, files);
  const mask = checkMask(files, image);
  const styles = checkReferenceSet(files, 'style_reference_images');
  const characters = checkReferenceSet(files, 'character_reference_images');
  if (characters.length > maximumCharacterReferences) {
    throw badRequest(
      `'character_reference_images' supports only ${maximumCharacterReferences} image for now, got ${characters.length}.`,
    );
  }
  const characterMasks = checkCharacterMasks(files, characters);
  const fingerprints = [image, mask, ...styles, ...characters, ...characterMasks]
    .filter(input => input !== undefined)
    .map(input => input.fingerprint);
  return { ...(image === undefined ? {} : { image }), fingerprints };
}

function checkMainImage(
  operation: IdeogramOperation,
  files: IdeogramRequest['files'],
): InputImage | undefined {
  const bytes = files.get('image')?.[0];
  if (bytes === undefined) return undefined;
  checkUploadSize('image', bytes.byteLength);
  const image = inspectImage(bytes, 'image');
  if (operation.name === 'reframe' && image.width !== image.height) {
    throw badRequest(`'image' must be square to be reframed, got ${image.width}x${image.height}.`);
  }
  if (operation.sizing === 'input' && image.width * image.height > maximumRenderedInputPixels) {
    throw badRequest(
      `'image' is ${image.width}x${image.height}; the simulator renders inputs up to ${maximumRenderedInputPixels / 1_000_000} megapixels.`,
    );
  }
  return image;
}

function checkMask(
  files: IdeogramRequest['files'],
  image: InputImage | undefined,
): InputImage | undefined {
  const bytes = files.get('mask')?.[0];
  if (bytes === undefined) return undefined;
  checkUploadSize('mask', bytes.byteLength);
  const mask = inspectImage(bytes, 'mask');
  if (image !== undefined && (mask.width !== image.width || mask.height !== image.height)) {
    throw badRequest(
      `'mask' must be the same size as 'image' (${image.width}x${image.height}), got ${mask.width}x${mask.height}.`,
    );
  }
  return mask;
}

function checkReferenceSet(files: IdeogramRequest['files'], field: string): InputImage[] {
  const set = files.get(field) ?? [];
  const total = set.reduce((sum, bytes) => sum + bytes.byteLength, 0);
  if (total > maximumUploadBytes) {
    throw badRequest(
      `'${field}' total ${total} bytes, more than the 10 MB limit across all of them.`,
    );
  }
  return set.map((bytes, index) => inspectImage(bytes, `${field}[${index}]`));
}

function checkCharacterMasks(
  files: IdeogramRequest['files'],
  characters: readonly InputImage[],
): InputImage[] {
  const field = 'character_reference_images_mask';
  if (!files.has(field)) return [];
  const masks = checkReferenceSet(files, field);
  if (masks.length !== characters.length) {
    throw badRequest(
      `'${field}' must match the number of 'character_reference_images' (${characters.length}), got ${masks.length}.`,
    );
  }
  masks.forEach((mask, index) => {
    const reference = characters[index]!;
    if (mask.width !== reference.width || mask.height !== reference.height) {
      throw badRequest(
        `'${field}[${index}]' must be the same size as 'character_reference_images[${index}]' (${reference.width}x${reference.height}), got ${mask.width}x${mask.height}.`,
      );
    }
  });
  return masks;
}

function checkUploadSize(field: string, byteLength: number): void {
  if (byteLength > maximumUploadBytes) {
    throw badRequest(`'${field}' is ${byteLength} bytes, more than the 10 MB limit.`);
  }
}
