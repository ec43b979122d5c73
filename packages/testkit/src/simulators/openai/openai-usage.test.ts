import { describe, expect, it } from 'vitest';
import {
  imageTokenUsage,
  inputImageTokens,
  nearestSize,
  outputImageTokens,
} from './openai-usage.js';

describe('outputImageTokens', () => {
  it('follows the published table by quality and size', () => {
    expect(outputImageTokens('low', '1024x1024')).toBe(272);
    expect(outputImageTokens('medium', '1024x1536')).toBe(1584);
    expect(outputImageTokens('high', '1536x1024')).toBe(6208);
  });
});

describe('inputImageTokens', () => {
  it('prices 512-pixel tiles after fitting the image', () => {
    expect(inputImageTokens({ width: 1024, height: 1024, fingerprint: '' })).toBe(85 + 170 * 4);
    expect(inputImageTokens({ width: 256, height: 256, fingerprint: '' })).toBe(85 + 170);
    expect(inputImageTokens({ width: 4096, height: 2048, fingerprint: '' })).toBe(85 + 170 * 6);
    expect(inputImageTokens({ fingerprint: '' })).toBe(85 + 170 * 4);
  });

  it('adds a high-quality output’s worth for high fidelity', () => {
    const input = { width: 768, height: 1152, fingerprint: '' };
    expect(inputImageTokens(input, 'high') - inputImageTokens(input, 'low')).toBe(6240);
  });
});

describe('nearestSize', () => {
  it('picks the standard size closest in aspect ratio', () => {
    expect(nearestSize(1000, 1100)).toBe('1024x1024');
    expect(nearestSize(1920, 1080)).toBe('1536x1024');
    expect(nearestSize(600, 1000)).toBe('1024x1536');
  });
});

describe('imageTokenUsage', () => {
  it('adds text, input images, outputs and partial images up', () => {
    const usage = imageTokenUsage({
      prompt: 'x'.repeat(41),
      quality: 'medium',
      size: '1024x1024',
      n: 2,
      inputs: [{ width: 512, height: 512, fingerprint: '' }],
      partialImages: 1,
    });
    expect(usage).toEqual({
      input_tokens: 11 + 255,
      output_tokens: 2 * (1056 + 100),
      total_tokens: 11 + 255 + 2 * 1156,
      input_tokens_details: { text_tokens: 11, image_tokens: 255 },
    });
  });
});
