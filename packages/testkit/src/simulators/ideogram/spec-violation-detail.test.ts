import { describe, expect, it } from 'vitest';
import { specViolationDetail } from './spec-violation-detail.js';

describe('specViolationDetail', () => {
  it('names required properties and fields', () => {
    expect(
      specViolationDetail([
        { path: '', message: "must have required property 'prompt'" },
        { path: '/num_images', message: 'must be <= 8' },
      ]),
    ).toBe("'prompt' is a required property; 'num_images' must be <= 8");
  });

  it('keeps the deepest violations of a oneOf and drops its echo', () => {
    expect(
      specViolationDetail([
        { path: '/color_palette', message: "must have required property 'name'" },
        { path: '/color_palette/members/0/color_hex', message: 'must match pattern "^#…$"' },
        { path: '/color_palette', message: 'must match exactly one schema in oneOf' },
      ]),
    ).toBe('\'color_palette.members[0].color_hex\' must match pattern "^#…$"');
  });

  it('keeps the oneOf echo when it is all there is', () => {
    expect(
      specViolationDetail([
        { path: '/color_palette', message: 'must match exactly one schema in oneOf' },
      ]),
    ).toBe("'color_palette' must match exactly one schema in oneOf");
  });

  it('names the body itself and survives no violations', () => {
    expect(specViolationDetail([{ path: '', message: 'must be object' }])).toBe(
      "'body' must be object",
    );
    expect(specViolationDetail([])).toBe('The request body does not match the spec.');
  });
});
