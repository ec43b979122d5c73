/** An uncompressed image: 8-bit RGB, rows top to bottom, 3 bytes per pixel, no row padding. */
export interface RgbImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `width × height × 3` bytes: red, green, blue of each pixel in turn. */
  readonly data: Uint8Array;
}
