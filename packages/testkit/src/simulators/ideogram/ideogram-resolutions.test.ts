import { describe, expect, it } from 'vitest';
import {
  formatDimensions,
  ideogramAspectRatios,
  ideogramResolutionForAspectRatio,
  ideogramResolutions,
  nearestAspectRatio,
  nearestResolution,
  parseDimensions,
} from './ideogram-resolutions.js';

describe('ideogramResolutions and ideogramAspectRatios', () => {
  it('hold the 69 ResolutionV3 and 15 AspectRatioV3 values of the spec', () => {
    expect(ideogramResolutions).toHaveLength(69);
    expect(new Set(ideogramResolutions).size).toBe(69);
    expect(ideogramResolutions[0]).toBe('512x1536');
    expect(ideogramResolutions).toContain('1024x1024');
    expect(ideogramResolutions.at(-1)).toBe('1536x640');
    expect(ideogramAspectRatios).toEqual([
      '1x3',
      '3x1',
      '1x2',
      '2x1',
      '9x16',
      '16x9',
      '10x16',
      '16x10',
      '2x3',
      '3x2',
      '3x4',
      '4x3',
      '4x5',
      '5x4',
      '1x1',
    ]);
    expect(Object.isFrozen(ideogramResolutions)).toBe(true);
  });
});

describe('ideogramResolutionForAspectRatio', () => {
  it.each([
    ['1x1', 1024, 1024],
    ['2x1', 1408, 704],
    ['1x3', 512, 1536],
    ['16x10', 1280, 800],
    ['4x5', 896, 1120],
    ['16x9', 1312, 736],
    ['9x16', 736, 1312],
  ])('renders %s at %ix%i', (aspectRatio, width, height) => {
    expect(ideogramResolutionForAspectRatio(aspectRatio)).toEqual({ width, height });
  });

  it('gives every aspect ratio a ResolutionV3 value of exactly its ratio, but 16x9 and 9x16', () => {
    for (const aspectRatio of ideogramAspectRatios) {
      const size = ideogramResolutionForAspectRatio(aspectRatio);
      const ratio = parseDimensions(aspectRatio)!;
      expect(ideogramResolutions).toContain(formatDimensions(size));
      const exact = size.width * ratio.height === size.height * ratio.width;
      expect({ aspectRatio, exact }).toEqual({
        aspectRatio,
        exact: !['16x9', '9x16'].includes(aspectRatio),
      });
    }
  });

  it.each(['16:9', 'ASPECT_16_9', '7x3', ''])('refuses %j', aspectRatio => {
    expect(() => ideogramResolutionForAspectRatio(aspectRatio)).toThrow(RangeError);
  });
});

describe('nearest shapes', () => {
  it.each([
    [640, 480, '1152x864', '4x3'],
    [1920, 1080, '1312x736', '16x9'],
    [100, 1000, '512x1536', '1x3'],
    [1024, 1024, '1024x1024', '1x1'],
  ])('maps %ix%i to %s and %s', (width, height, resolution, aspectRatio) => {
    expect(formatDimensions(nearestResolution({ width, height }))).toBe(resolution);
    expect(nearestAspectRatio({ width, height })).toBe(aspectRatio);
  });
});

describe('parseDimensions', () => {
  it('reads WxH and nothing else', () => {
    expect(parseDimensions('1408x704')).toEqual({ width: 1408, height: 704 });
    expect(parseDimensions('0x704')).toBeUndefined();
    expect(parseDimensions('1408×704')).toBeUndefined();
    expect(parseDimensions('1408x704 ')).toBeUndefined();
  });
});
