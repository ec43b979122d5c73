import { describe, expect, it } from 'vitest';
import { parseDataUrl } from './data-url.js';

describe('parseDataUrl', () => {
  it('decodes base64 data URLs, with parameters and line breaks', () => {
    expect(parseDataUrl('data:image/PNG;name=a.png;base64,aGVs\nbG8=')).toEqual({
      mediaType: 'image/png',
      bytes: Buffer.from('hello'),
    });
  });

  it.each([
    ['not base64', 'data:image/png,hello'],
    ['no payload', 'data:image/png;base64,'],
    ['not base64 characters', 'data:image/png;base64,@@@@'],
    ['an impossible length', 'data:image/png;base64,aGVsb'],
    ['another scheme', 'https://example.com/a.png'],
  ])('refuses %s', (_name, url) => {
    expect(parseDataUrl(url)).toBeUndefined();
  });
});
