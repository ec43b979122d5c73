import type { GeneratedImage } from '@easel/core';
import { randomBase64Url } from '../random-tokens.js';
import type { GatewayStore } from '../store/index.js';
import { jsonBytes, parseStoredJson } from '../stored-json.js';

/** What the gateway keeps about a generated file besides its bytes. */
export interface StoredFile {
  /** Random, unguessable id: `f_` and 22 base64url characters (128 bits). */
  readonly id: string;
  readonly mediaType: string;
  readonly byteLength: number;
  readonly width?: number;
  readonly height?: number;
  /** When it was stored and when it stops being served, ms since the epoch. */
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** A file read back: its facts and the very bytes that were stored. */
export interface FileContent {
  readonly file: StoredFile;
  readonly bytes: Uint8Array;
}

const idPattern = /^f_[A-Za-z0-9_-]{22}$/;

/** Whether `id` has the shape of a file id (anything else is a 404 without a store read). */
export function isFileId(id: string): boolean {
  return idPattern.test(id);
}

/**
 * Generated images in the store's `files` namespace, served by `GET /v1/files/:id` until they
 * expire. The bytes are stored as the `Uint8Array` the image already holds (decoded from base64
 * once, by `GeneratedImage.bytes`) and read back as the same object: never re-encoded, and only
 * copied when they are a small view into a larger buffer (Node decodes small images into its
 * shared 8 KiB pool), so that a stored file keeps no more memory alive than its own bytes.
 */
export class FileRepository {
  readonly #store: GatewayStore;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(store: GatewayStore, ttlMs: number, now: () => number = Date.now) {
    this.#store = store;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** How long files are kept, ms. */
  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Store one image; resolves with its file record. */
  async put(image: GeneratedImage): Promise<StoredFile> {
    const id = `f_${randomBase64Url(16)}`;
    const createdAt = this.#now();
    const bytes = ownBytes(image.bytes);
    const file: StoredFile = {
      id,
      mediaType: image.mediaType,
      byteLength: bytes.byteLength,
      ...(image.width === undefined ? {} : { width: image.width }),
      ...(image.height === undefined ? {} : { height: image.height }),
      createdAt,
      expiresAt: createdAt + this.#ttlMs,
    };
    const options = { ttlMs: this.#ttlMs };
    await this.#store.set('files', id, bytes, options);
    await this.#store.set('files', `${id}.meta`, jsonBytes(file), options);
    return file;
  }

  /** The file's facts and bytes, or `undefined` when unknown, expired or evicted. */
  async get(id: string): Promise<FileContent | undefined> {
    if (!isFileId(id)) return undefined;
    const file = parseStoredJson<StoredFile>(await this.#store.get('files', `${id}.meta`));
    if (file === undefined) return undefined;
    const bytes = await this.#store.get('files', id);
    if (!(bytes instanceof Uint8Array)) return undefined;
    if (file.expiresAt <= this.#now()) return undefined;
    return { file, bytes };
  }
}

/** `bytes`, or a copy of them when they share a much larger buffer that storing them would pin. */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.buffer.byteLength > 2 * bytes.byteLength ? new Uint8Array(bytes) : bytes;
}
