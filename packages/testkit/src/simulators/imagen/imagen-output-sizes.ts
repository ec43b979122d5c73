/** An aspect ratio Imagen renders (`parameters.aspectRatio`). */
export type ImagenAspectRatio = '1:1' | '3:4' | '4:3' | '9:16' | '16:9';

/** An image size Imagen 4 Standard and Ultra render (`parameters.sampleImageSize`). */
export type ImagenImageSize = '1K' | '2K';

/** A width and a height, in pixels. */
export interface ImagenPixelSize {
  readonly width: number;
  readonly height: number;
}

const oneK: Readonly<Record<ImagenAspectRatio, ImagenPixelSize>> = {
  '1:1': { width: 1024, height: 1024 },
  '3:4': { width: 896, height: 1280 },
  '4:3': { width: 1280, height: 896 },
  '9:16': { width: 768, height: 1408 },
  '16:9': { width: 1408, height: 768 },
};

function doubled(
  sizes: Readonly<Record<ImagenAspectRatio, ImagenPixelSize>>,
): Readonly<Record<ImagenAspectRatio, ImagenPixelSize>> {
  const entries = Object.entries(sizes).map(([ratio, { width, height }]) => [
    ratio,
    Object.freeze({ width: width * 2, height: height * 2 }),
  ]);
  return Object.freeze(Object.fromEntries(entries) as Record<ImagenAspectRatio, ImagenPixelSize>);
}

/**
 * Output pixel size per image size and aspect ratio, as Imagen renders them. The simulator answers
 * `imagenOutputSizes[sampleImageSize ?? '1K'][aspectRatio ?? '1:1']`; `2K` doubles each side of
 * `1K`.
 *
 * @example
 * imagenOutputSizes['1K']['16:9']; // { width: 1408, height: 768 }
 */
export const imagenOutputSizes: Readonly<
  Record<ImagenImageSize, Readonly<Record<ImagenAspectRatio, ImagenPixelSize>>>
> = Object.freeze({ '1K': Object.freeze(oneK), '2K': doubled(oneK) });
