import { describe, expect, it } from 'vitest';
import { readResponseFormat } from './response-format.js';

describe('readResponseFormat', () => {
  it.each([
    [undefined, 'image'],
    ['', 'image'],
    ['image/*', 'image'],
    ['*/*', 'image'],
    ['IMAGE/*', 'image'],
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['text/plain, application/json;q=0.5, image/*', 'json'],
    ['image/*, application/json', 'image'],
    ['image/png', undefined],
    ['image/webp, text/html', undefined],
    ['application/*', undefined],
  ])('reads %j as %j', (accept, format) => {
    expect(readResponseFormat(accept)).toBe(format);
  });
});
