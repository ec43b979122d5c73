import { randomPng } from './png-file.js';

/** The response bodies the mock upstream serves, precomputed once per process. */
export type PayloadName = 'small' | 'image4m' | 'image4mx4';

/** Size of the binary image in the large payloads: 4 MiB. */
export const largeImageBytes = 4 * 1024 * 1024;

/**
 * OpenAI Images (`ImagesResponse`) bodies, as gpt-image-1 answers: `b64_json` images plus the
 * resolved options and a usage block.
 *
 * - `small`: one 12×12 PNG, about 1 KB of JSON in all (the "small JSON" class).
 * - `image4m`: one 1024×1024 RGBA PNG of random pixels, stored: 4 MiB binary, 5.6 MB of JSON.
 * - `image4mx4`: four such images (n = 4), 22 MB of JSON.
 */
export function buildPayload(name: PayloadName): Buffer {
  switch (name) {
    case 'small':
      return imagesResponse([randomPng(12, 12, 7)]);
    case 'image4m':
      return imagesResponse([largePng(1)]);
    case 'image4mx4':
      return imagesResponse([largePng(1), largePng(2), largePng(3), largePng(4)]);
  }
}

/** A 1024×1024 RGBA PNG whose file is 4 MiB (plus a few hundred bytes of PNG framing). */
function largePng(seed: number): Buffer {
  return randomPng(1024, 1024, seed);
}

function imagesResponse(images: readonly Buffer[]): Buffer {
  const body = {
    created: 1_767_225_600,
    data: images.map(image => ({ b64_json: image.toString('base64') })),
    background: 'opaque',
    output_format: 'png',
    size: '1024x1024',
    quality: 'low',
    usage: {
      input_tokens: 12,
      input_tokens_details: { image_tokens: 0, text_tokens: 12 },
      output_tokens: 272 * images.length,
      output_tokens_details: { image_tokens: 272 * images.length, text_tokens: 0 },
      total_tokens: 12 + 272 * images.length,
    },
  };
  return Buffer.from(JSON.stringify(body), 'utf8');
}
