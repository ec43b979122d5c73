import { describe, expect, it } from 'vitest';
import type {
  ImageModelV1Capabilities,
  SizeCapability,
} from '../image-model/v1/image-model-v1-capabilities.js';
import { reduceAspectRatio } from './dimensions.js';
import {
  aspectRatioForSize,
  dropUnsupportedCommonFields,
  resolveOutputFormat,
  sizeForAspectRatio,
  snapAspectRatio,
  snapSize,
} from './snap.js';

const gptImageSizes: SizeCapability = {
  type: 'list',
  values: ['1024x1024', '1536x1024', '1024x1536'],
};
const fluxProSizes: SizeCapability = {
  type: 'range',
  minWidth: 256,
  maxWidth: 1440,
  minHeight: 256,
  maxHeight: 1440,
  multipleOf: 32,
};
const flux2Sizes: SizeCapability = {
  type: 'range',
  minWidth: 64,
  maxWidth: 4096,
  minHeight: 64,
  maxHeight: 4096,
  multipleOf: 16,
  maxPixels: 4_194_304,
};

describe('snapSize', () => {
  it('keeps a supported size without a warning', () => {
    expect(snapSize('1536x1024', gptImageSizes)).toEqual({ value: '1536x1024' });
    expect(snapSize('1024x768', fluxProSizes)).toEqual({ value: '1024x768' });
  });

  it('picks the closest shape, then the closest area, from a list', () => {
    expect(snapSize('1920x1080', gptImageSizes).value).toBe('1536x1024');
    expect(snapSize('512x512', gptImageSizes).value).toBe('1024x1024');
    expect(snapSize('1024x1792', gptImageSizes).value).toBe('1024x1536');
    expect(snapSize('1000x1000', gptImageSizes)).toEqual({
      value: '1024x1024',
      warning: {
        type: 'approximated',
        feature: 'size',
        requested: '1000x1000',
        used: '1024x1024',
        details: 'the model accepts 1024x1024, 1536x1024, 1024x1536',
      },
    });
  });

  it('fits a range: grid, bounds and area, keeping the shape', () => {
    expect(snapSize('1000x750', fluxProSizes).value).toBe('992x736');
    expect(snapSize('2048x1024', fluxProSizes).value).toBe('1440x736');
    expect(snapSize('100x100', fluxProSizes).value).toBe('256x256');
    expect(snapSize('4096x4096', flux2Sizes).value).toBe('2048x2048');
    const snapped = snapSize('3000x2000', flux2Sizes).value.split('x').map(Number);
    expect(snapped[0]! * snapped[1]!).toBeLessThanOrEqual(4_194_304);
    expect(snapped[0]! % 16).toBe(0);
  });
});

describe('aspect ratios', () => {
  const ideogram = {
    type: 'list',
    values: ['1:3', '3:1', '1:2', '2:1', '9:16', '16:9', '1:1'],
  } as const;
  const kontext = { type: 'range', tallest: '9:21', widest: '21:9' } as const;

  it('keeps equal ratios written differently, snaps others to the nearest', () => {
    expect(snapAspectRatio('16:9', ideogram)).toEqual({ value: '16:9' });
    expect(snapAspectRatio('32:18', ideogram)).toEqual({ value: '16:9' });
    expect(snapAspectRatio('4:3', ideogram)).toMatchObject({
      value: '1:1',
      warning: { type: 'approximated', used: '1:1' },
    });
    expect(snapAspectRatio('2.39:1', ideogram).value).toBe('2:1');
  });

  it('clamps to a range', () => {
    expect(snapAspectRatio('16:9', kontext)).toEqual({ value: '16:9' });
    expect(snapAspectRatio('4:1', kontext).value).toBe('21:9');
    expect(snapAspectRatio('1:5', kontext).value).toBe('9:21');
  });

  it('converts between sizes and ratios with a warning', () => {
    expect(aspectRatioForSize('1920x1080', kontext)).toMatchObject({
      value: '1920:1080',
      warning: { feature: 'size' },
    });
    expect(aspectRatioForSize('1920x1080', ideogram).value).toBe('16:9');
    expect(sizeForAspectRatio('3:2', gptImageSizes)).toEqual({ value: '1536x1024' });
    expect(sizeForAspectRatio('16:9', gptImageSizes)).toMatchObject({
      value: '1536x1024',
      warning: { feature: 'aspect_ratio' },
    });
    expect(sizeForAspectRatio('16:9', fluxProSizes).value).toBe('1376x768');
    expect(reduceAspectRatio({ width: 1920, height: 1080 })).toBe('16:9');
  });
});

describe('capability helpers', () => {
  const capabilities: ImageModelV1Capabilities = {
    execution: 'sync',
    maxImagesPerCall: 1,
    outputFormats: ['png', 'webp'],
    seed: false,
    negativePrompt: false,
    maxInputImages: 0,
    mask: false,
  };

  it('falls back to the default output format with a warning', () => {
    expect(resolveOutputFormat('webp', capabilities)).toEqual({ value: 'webp' });
    expect(resolveOutputFormat(undefined, capabilities)).toEqual({ value: undefined });
    expect(resolveOutputFormat('jpeg', capabilities)).toMatchObject({
      value: 'png',
      warning: { type: 'approximated', feature: 'output_format' },
    });
  });

  it('drops seed and negative prompt when unsupported, saying so', () => {
    const { input, warnings } = dropUnsupportedCommonFields(
      { prompt: 'x', seed: 3, negative_prompt: 'no' },
      capabilities,
    );
    expect(input).toEqual({ prompt: 'x', seed: undefined, negative_prompt: undefined });
    expect(warnings.map(warning => warning.type === 'unsupported' && warning.feature)).toEqual([
      'seed',
      'negative_prompt',
    ]);
    expect(dropUnsupportedCommonFields({ prompt: 'x' }, capabilities).warnings).toEqual([]);
  });
});
