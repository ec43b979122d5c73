import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './api-types.js';
import { exampleOf, validateValue } from './json-schema.js';

const size: JsonSchema = {
  anyOf: [
    { type: 'string', const: 'auto' },
    { type: 'string', pattern: '^[1-9]\\d{0,4}x[1-9]\\d{0,4}$' },
  ],
};
const image: JsonSchema = { anyOf: [{ type: 'string' }, { not: {} }] };
const palette: JsonSchema = {
  type: 'object',
  properties: {
    members: {
      type: 'array',
      minItems: 1,
      maxItems: 8,
      items: {
        type: 'object',
        properties: {
          color_hex: { type: 'string', pattern: '^#(?:[0-9a-fA-F]{3}){1,2}$' },
          color_weight: { type: 'number', minimum: 0.05, maximum: 1 },
        },
        required: ['color_hex'],
        additionalProperties: false,
      },
    },
  },
  required: ['members'],
  additionalProperties: false,
};

describe('validateValue', () => {
  it('accepts what the schema allows', () => {
    expect(validateValue(size, 'auto')).toBeUndefined();
    expect(validateValue(size, '1024x768')).toBeUndefined();
    expect(validateValue(image, 'data:image/png;base64,AAAA')).toBeUndefined();
    expect(validateValue(palette, { members: [{ color_hex: '#fff', color_weight: 0.5 }] })).toBe(
      undefined,
    );
  });

  it('names the alternatives when none matches', () => {
    expect(validateValue(size, 'big')).toBe(
      'must be "auto", or text matching ^[1-9]\\d{0,4}x[1-9]\\d{0,4}$',
    );
    expect(validateValue(image, 42)).toBe('must be a string');
  });

  it('points into nested values', () => {
    expect(validateValue(palette, { members: [{ color_hex: 'red' }] })).toBe(
      'members[0].color_hex: must match ^#(?:[0-9a-fA-F]{3}){1,2}$',
    );
    expect(validateValue(palette, { members: [{ color_hex: '#000', weight: 1 }] })).toBe(
      'members[0]: unknown field weight',
    );
    expect(validateValue(palette, { members: [] })).toBe('members: needs at least 1 item');
    expect(validateValue(palette, {})).toBe('members is required');
  });

  it('checks lengths in characters, bounds and formats', () => {
    expect(validateValue({ type: 'string', minLength: 1 }, '')).toBe('must not be empty');
    expect(validateValue({ type: 'string', maxLength: 2 }, '🦌🦌')).toBeUndefined();
    expect(validateValue({ type: 'string', maxLength: 2 }, 'abc')).toBe(
      'must be at most 2 characters (is 3)',
    );
    expect(validateValue({ type: 'number', exclusiveMinimum: 0 }, 0)).toBe('must be more than 0');
    expect(validateValue({ type: 'string', format: 'uri' }, 'not a url')).toBe(
      'must be an absolute URL',
    );
    expect(validateValue({ type: 'string', enum: ['a', 'b'] }, 'c')).toBe('must be one of a, b');
  });
});

describe('exampleOf', () => {
  it('builds a small valid value', () => {
    expect(exampleOf(palette)).toEqual({ members: [{ color_hex: '' }] });
    expect(exampleOf({ type: 'integer', minimum: 3 })).toBe(3);
    expect(exampleOf({ anyOf: [{ not: {} }, { type: 'boolean' }] })).toBe(true);
    expect(exampleOf({ type: 'string', enum: ['EMBER', 'FRESH'] })).toBe('EMBER');
  });
});
