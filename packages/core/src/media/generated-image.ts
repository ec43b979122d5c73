import { Buffer } from 'node:buffer';
import type { ImageModelV1Image } from '../image-model/v1/image-model-v1-result.js';
import { base64ByteLength, base64Codec } from './base64.js';
import {
  type ImageMetadata,
  readImageMetadata,
  readImageMetadataFromBase64,
} from './image-metadata.js';

/** Media type reported when neither the provider nor the file signature names one. */
const unknownMediaType = 'application/octet-stream';

/** What `GeneratedImage.toJSON()` returns: the image's facts, never its data. */
export interface GeneratedImageJson {
  readonly mediaType: string;
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** Size of the image data, in bytes. */
  readonly byteLength: number;
  readonly seed: number | undefined;
  readonly revisedPrompt: string | undefined;
  readonly url: string | undefined;
  readonly contentFiltered: boolean;
}

/**
 * One generated image, as callers receive it. The data stays in the form the provider sent
 * (bytes, a base64 string, or base64 text as ASCII bytes: a view of the provider's response body)
 * until asked for in another form; each conversion happens at most once and is cached, and bytes
 * are never copied. Missing media type and dimensions are read from the image's headers on first
 * access, from a short base64 prefix when only base64 is at hand.
 *
 * `toJSON()` and `console.log` show metadata only, so logging a result never dumps megabytes.
 */
export class GeneratedImage {
  readonly #image: ImageModelV1Image;
  #bytes: Uint8Array | undefined;
  #base64: string | undefined;
  #base64Bytes: Uint8Array | undefined;
  #headerMetadata: ImageMetadata | undefined;
  #headersRead = false;

  private constructor(image: ImageModelV1Image) {
    this.#image = image;
    // `data` is not read when the adapter handed over `base64Bytes`: it may be a getter that
    // makes the very string this class avoids.
    if (image.base64Bytes !== undefined) {
      this.#base64Bytes = image.base64Bytes;
    } else if (typeof image.data === 'string') {
      this.#base64 = image.data;
    } else {
      this.#bytes = image.data;
    }
  }

  /** Wrap an image returned by an adapter. Nothing is decoded or copied. */
  static from(image: ImageModelV1Image): GeneratedImage {
    return new GeneratedImage(image);
  }

  /**
   * The raw image bytes. The very instance the adapter returned, or decoded from base64 on first
   * access and cached. Do not mutate it: it is shared.
   */
  get bytes(): Uint8Array {
    this.#bytes ??=
      this.#base64Bytes === undefined
        ? base64Codec.decode(this.#base64 ?? '')
        : base64Codec.decodeAscii(this.#base64Bytes);
    return this.#bytes;
  }

  /**
   * The image as base64 (no `data:` prefix): the very string received, or made once and cached
   * (copied from `base64Bytes`, or encoded from the bytes). The provider's alphabet is kept
   * (standard, or URL-safe when it sent that). To write a large image out, prefer `base64Bytes`
   * when it is set: it needs no multi-megabyte string.
   */
  get base64(): string {
    this.#base64 ??=
      this.#base64Bytes === undefined
        ? base64Codec.encode(this.#bytes ?? new Uint8Array())
        : Buffer.from(
            this.#base64Bytes.buffer,
            this.#base64Bytes.byteOffset,
            this.#base64Bytes.byteLength,
          ).toString('latin1');
    return this.#base64;
  }

  /**
   * The provider's base64 text as ASCII bytes (one byte per character, no `data:` prefix) when the
   * adapter handed it over that way: a view of the provider's response body, never copied;
   * `undefined` otherwise (then use `base64`). Write it out as it is (to a socket, a file, a JSON
   * answer) to skip making a string of it. While it is referenced, the whole response body it is
   * a view of stays in memory. Do not mutate it: it is shared.
   */
  get base64Bytes(): Uint8Array | undefined {
    return this.#base64Bytes;
  }

  /**
   * The media type the provider stated, else the one its file signature shows, else
   * `application/octet-stream`.
   */
  get mediaType(): string {
    return this.#image.mediaType ?? this.#readHeaders()?.mediaType ?? unknownMediaType;
  }

  /** Width in pixels, as stated by the provider or read from the headers; `undefined` if unknown. */
  get width(): number | undefined {
    return this.#image.width ?? this.#readHeaders()?.width;
  }

  /** Height in pixels, as stated by the provider or read from the headers; `undefined` if unknown. */
  get height(): number | undefined {
    return this.#image.height ?? this.#readHeaders()?.height;
  }

  /** Size of the image data, in bytes, computed without decoding base64. */
  get byteLength(): number {
    return this.#bytes?.byteLength ?? base64ByteLength(this.#base64Bytes ?? this.#base64 ?? '');
  }

  /** Seed that produced this image, when the provider reports it. */
  get seed(): number | undefined {
    return this.#image.seed;
  }

  /** The prompt the provider actually used, when it rewrote it. */
  get revisedPrompt(): string | undefined {
    return this.#image.revisedPrompt;
  }

  /** The provider URL the image was downloaded from (it may expire). */
  get url(): string | undefined {
    return this.#image.url;
  }

  /** Whether the provider flagged this image (e.g. blurred it). Default `false`. */
  get contentFiltered(): boolean {
    return this.#image.contentFiltered ?? false;
  }

  /** Provider-specific facts about this image. */
  get providerMetadata(): Readonly<Record<string, unknown>> | undefined {
    return this.#image.providerMetadata;
  }

  /** The image as a `data:<mediaType>;base64,<base64>` URI. */
  toDataUri(): string {
    return `data:${this.mediaType};base64,${this.base64}`;
  }

  /** The image's metadata, never its data. */
  toJSON(): GeneratedImageJson {
    return {
      mediaType: this.mediaType,
      width: this.width,
      height: this.height,
      byteLength: this.byteLength,
      seed: this.seed,
      revisedPrompt: this.revisedPrompt,
      url: this.url,
      contentFiltered: this.contentFiltered,
    };
  }

  /** Keeps `console.log` and `util.inspect` to metadata too. */
  [Symbol.for('nodejs.util.inspect.custom')](): GeneratedImageJson {
    return this.toJSON();
  }

  #readHeaders(): ImageMetadata | undefined {
    if (!this.#headersRead) {
      this.#headerMetadata =
        this.#bytes === undefined
          ? readImageMetadataFromBase64(this.#base64Bytes ?? this.#base64 ?? '')
          : readImageMetadata(this.#bytes);
      this.#headersRead = true;
    }
    return this.#headerMetadata;
  }
}
