import { describe, expect, it } from 'vitest';
import { bflSimulatorModels } from './bfl-models.js';
import { bflOutputSize } from './bfl-output-size.js';

const kontextModels = ['flux-kontext-pro', 'flux-kontext-max'];
const flux2Models = ['flux-2-pro', 'flux-2-max', 'flux-2-flex'];

describe('bflOutputSize', () => {
  it.each(kontextModels)('renders %s at the Kontext resolution nearest the ratio', model => {
    const sizeOf = (aspect_ratio?: string | null) =>
      bflOutputSize(model, {
        prompt: 'a fox',
        ...(aspect_ratio === undefined ? {} : { aspect_ratio }),
      });
    expect(sizeOf()).toEqual({ width: 1024, height: 1024 });
    expect(sizeOf(null)).toEqual({ width: 1024, height: 1024 });
    expect(sizeOf('1:1')).toEqual({ width: 1024, height: 1024 });
    expect(sizeOf('16:9')).toEqual({ width: 1392, height: 752 });
    expect(sizeOf('9:16')).toEqual({ width: 752, height: 1392 });
    expect(sizeOf('4:3')).toEqual({ width: 1184, height: 880 });
    expect(sizeOf('3:2')).toEqual({ width: 1248, height: 832 });
    expect(sizeOf('21:9')).toEqual({ width: 1568, height: 672 });
    expect(sizeOf('9:21')).toEqual({ width: 672, height: 1568 });
    expect(sizeOf('2:1')).toEqual({ width: 1456, height: 720 });
  });

  it('keeps every Kontext size about 1 MP, on a grid of 16, for any supported ratio', () => {
    for (let width = 9; width <= 21; width += 1) {
      for (const ratio of [`${width}:9`, `9:${width}`]) {
        const size = bflOutputSize('flux-kontext-pro', { prompt: '', aspect_ratio: ratio });
        expect(size.width % 16).toBe(0);
        expect(size.height % 16).toBe(0);
        const megapixels = (size.width * size.height) / 2 ** 20;
        expect(megapixels).toBeGreaterThan(0.95);
        expect(megapixels).toBeLessThan(1.02);
      }
    }
  });

  it('renders flux-pro-1.1-ultra at about 4 MP on a grid of 64, 16:9 by default', () => {
    const sizeOf = (aspect_ratio?: string) =>
      bflOutputSize('flux-pro-1.1-ultra', aspect_ratio === undefined ? {} : { aspect_ratio });
    expect(sizeOf()).toEqual({ width: 2752, height: 1536 });
    expect(sizeOf('1:1')).toEqual({ width: 2048, height: 2048 });
    expect(sizeOf('4:3')).toEqual({ width: 2368, height: 1792 });
    expect(sizeOf('3:2')).toEqual({ width: 2496, height: 1664 });
    expect(sizeOf('21:9')).toEqual({ width: 3136, height: 1344 });
    expect(sizeOf('9:21')).toEqual({ width: 1344, height: 3136 });
  });

  it.each(['flux-pro-1.1', 'flux-dev'])(
    'renders %s at width × height, 1024 × 768 by default',
    model => {
      expect(bflOutputSize(model, {})).toEqual({ width: 1024, height: 768 });
      expect(bflOutputSize(model, { width: 1440, height: 256 })).toEqual({
        width: 1440,
        height: 256,
      });
      expect(bflOutputSize(model, { width: 512 })).toEqual({ width: 512, height: 768 });
    },
  );

  it.each(flux2Models)('renders %s at width × height, 1024 when 0, null or absent', model => {
    expect(bflOutputSize(model, { prompt: 'a' })).toEqual({ width: 1024, height: 1024 });
    expect(bflOutputSize(model, { prompt: 'a', width: 0, height: null })).toEqual({
      width: 1024,
      height: 1024,
    });
    expect(bflOutputSize(model, { prompt: 'a', width: 1920, height: 1088 })).toEqual({
      width: 1920,
      height: 1088,
    });
    expect(bflOutputSize(model, { prompt: 'a', height: 64 })).toEqual({ width: 1024, height: 64 });
  });

  it('covers every served model and refuses others', () => {
    for (const model of bflSimulatorModels) {
      expect(bflOutputSize(model, {}).width).toBeGreaterThan(0);
    }
    expect(() => bflOutputSize('flux-pro-1.0-fill', {})).toThrow(RangeError);
  });
});
