import { Buffer } from 'node:buffer';
import { describe, expect, it, vi } from 'vitest';
import { GeneratedImage } from './generated-image.js';
import { imageFromBase64 } from './image-from-base64.js';

const base64 = Buffer.from('not really an image, but base64 all the same').toString('base64');

describe('imageFromBase64', () => {
  it('keeps a string as the data', () => {
    expect(imageFromBase64(base64, { mediaType: 'image/png', seed: 3 })).toEqual({
      data: base64,
      mediaType: 'image/png',
      seed: 3,
    });
  });

  it('hands bytes over as base64Bytes, with data made only when read, once', () => {
    const view = Buffer.from(`"${base64}"`, 'latin1').subarray(1, -1);
    const latin1Copies = vi.spyOn(Buffer.prototype, 'toString');
    const image = imageFromBase64(view, { mediaType: 'image/png' });
    expect(image.base64Bytes).toBe(view);
    expect(image.mediaType).toBe('image/png');
    const generated = GeneratedImage.from(image);
    expect(generated.base64Bytes).toBe(view);
    expect(latin1Copies).not.toHaveBeenCalled();
    expect(image.data).toBe(base64);
    expect(image.data).toBe(base64);
    expect(latin1Copies).toHaveBeenCalledTimes(1);
    latin1Copies.mockRestore();
  });

  it('keeps working for a consumer that copies the image and reads only data', () => {
    const copy = { ...imageFromBase64(Buffer.from(base64, 'latin1')) };
    expect(copy.data).toBe(base64);
    expect(GeneratedImage.from({ data: copy.data }).base64).toBe(base64);
  });
});
