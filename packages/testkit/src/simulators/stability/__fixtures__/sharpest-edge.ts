import { decode } from '../../../images/__fixtures__/decoded-image.js';

/**
 * The largest difference between horizontally adjacent channel values of an image file: the band
 * and disc edges of a synthesised picture score high, a blurred picture scores a few units at most.
 */
export async function sharpestEdge(image: Uint8Array): Promise<number> {
  const { width, height, channels, data } = await decode(image);
  let sharpest = 0;
  for (let y = 0; y < height; y += 1) {
    for (
      let offset = (y * width + 1) * channels;
      offset < (y + 1) * width * channels;
      offset += 1
    ) {
      sharpest = Math.max(sharpest, Math.abs((data[offset] ?? 0) - (data[offset - channels] ?? 0)));
    }
  }
  return sharpest;
}
