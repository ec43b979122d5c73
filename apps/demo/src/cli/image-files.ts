import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readImageMetadata } from '@easel/core';
import { CliError, exitCodes } from './exit-codes.js';

/** An image to save, with what the provider said about it. */
export interface ImageToSave {
  readonly bytes: Uint8Array;
  readonly seed?: number | undefined;
  readonly revisedPrompt?: string | undefined;
}

/** An image written to disk, as `--json` reports it. */
export interface SavedImage {
  /** Absolute path of the file. */
  readonly path: string;
  /** File size, bytes. */
  readonly bytes: number;
  /** The media type read from the image's own header. */
  readonly mediaType: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly seed: number | null;
  readonly revisedPrompt: string | null;
}

const extensions: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** A model path as a file-name part: `opanai/gpt-image-1` → `opanai-gpt-image-1`. */
export function modelSlug(modelPath: string): string {
  return modelPath
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * Writes the images to `directory` (created when missing) as `<model-slug>-<id>-<index>.<ext>`,
 * the extension from the image's own header (not from what the provider claimed). Never
 * overwrites a file.
 */
export async function saveImages(
  images: readonly ImageToSave[],
  options: { readonly directory: string; readonly model: string; readonly id: string },
): Promise<SavedImage[]> {
  await mkdir(options.directory, { recursive: true });
  const saved: SavedImage[] = [];
  for (const [index, image] of images.entries()) {
    const metadata = readImageMetadata(image.bytes);
    if (metadata === undefined) {
      throw new CliError(
        `image ${index} from ${options.model} is not a PNG, JPEG, WebP or GIF (${image.bytes.byteLength} bytes)`,
        exitCodes.upstream,
      );
    }
    const name = `${modelSlug(options.model)}-${options.id}-${index}.${extensions[metadata.mediaType]}`;
    const path = join(options.directory, name);
    await writeFile(path, image.bytes, { flag: 'wx' });
    saved.push({
      path,
      bytes: image.bytes.byteLength,
      mediaType: metadata.mediaType,
      width: metadata.width ?? null,
      height: metadata.height ?? null,
      seed: image.seed ?? null,
      revisedPrompt: image.revisedPrompt ?? null,
    });
  }
  return saved;
}
