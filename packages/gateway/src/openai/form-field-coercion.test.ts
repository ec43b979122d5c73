import { expect, it } from 'vitest';
import { coerceFormFields } from './form-field-coercion.js';

it('converts form text to the types the input schema asks for, and nothing else', () => {
  const schema = {
    type: 'object',
    properties: {
      prompt: { type: 'string' },
      n: { type: 'integer', minimum: 1 },
      output_compression: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      stream: { type: 'boolean' },
      size: { anyOf: [{ const: 'auto' }, { type: 'string' }] },
      seeds: { type: 'array', items: { type: 'number' } },
    },
  };
  expect(
    coerceFormFields(
      {
        prompt: '42',
        n: '2',
        output_compression: '80',
        stream: 'false',
        size: '1024x1024',
        seeds: ['1', '2.5', 'x'],
        unknown: '7',
        bad: 'two',
      },
      schema,
    ),
  ).toEqual({
    prompt: '42',
    n: 2,
    output_compression: 80,
    stream: false,
    size: '1024x1024',
    seeds: [1, 2.5, 'x'],
    unknown: '7',
    bad: 'two',
  });
});
