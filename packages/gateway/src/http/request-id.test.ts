import { expect, it } from 'vitest';
import { requestIdFor } from './request-id.js';

it('keeps a safe x-request-id and replaces anything else', () => {
  expect(requestIdFor('trace-42.a:b')).toBe('trace-42.a:b');
  expect(requestIdFor(['first', 'second'])).toBe('first');
  for (const header of [undefined, '', 'has space', 'x'.repeat(129), 'line\nbreak']) {
    expect(requestIdFor(header)).toMatch(/^req_[0-9a-f]{24}$/);
  }
});
