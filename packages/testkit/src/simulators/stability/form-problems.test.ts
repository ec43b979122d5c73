import { describe, expect, it } from 'vitest';
import { describeFormProblems, type FormSchema } from './form-problems.js';

const schema: FormSchema = {
  properties: {
    title: { type: 'string', minLength: 2, maxLength: 4 },
    count: { type: 'integer', minimum: 1 },
    ratio: { type: 'number', maximum: 0.5 },
    kind: { enum: ['plain', 'fancy'] },
    trim: { type: 'string' },
  },
  required: ['title'],
  allOf: [
    {
      if: { properties: { kind: { const: 'fancy' } }, required: ['kind'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword, not a thenable.
      then: { required: ['count'], not: { required: ['trim'] } },
    },
  ],
};

describe('describeFormProblems', () => {
  it('finds nothing wrong with valid fields', () => {
    expect(describeFormProblems(schema, { title: 'abc', count: '2', ratio: '.25' })).toEqual([]);
  });

  it('words one-sided ranges and lengths', () => {
    expect(describeFormProblems(schema, { title: 'a', count: '0', ratio: '0.75' })).toEqual([
      'title: must be at least 2 characters, got 1',
      'count: must be at least 1; got 0',
      'ratio: must be at most 0.5; got 0.75',
    ]);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(describeFormProblems(schema, { title: '🦊🦊🦊🦊' })).toEqual([]);
    expect(describeFormProblems(schema, { title: '🦊🦊🦊🦊🦊' })).toEqual([
      'title: must be at most 4 characters, got 5',
    ]);
  });

  it.each(['0x10', ' 1', '1,5', 'Infinity', ''])('refuses %j as a number', text => {
    expect(describeFormProblems(schema, { title: 'ab', ratio: text })).toEqual([
      `ratio: must be a number; got ${JSON.stringify(text)}`,
    ]);
  });

  it('applies the conditional only when its constant is sent', () => {
    expect(describeFormProblems(schema, { title: 'ab', trim: 'x' })).toEqual([]);
    expect(describeFormProblems(schema, { title: 'ab', kind: 'fancy', trim: 'x' })).toEqual([
      'count: is required when kind is fancy',
      'trim: cannot be used when kind is fancy',
    ]);
  });

  it('does not ask again for fields refused before', () => {
    expect(describeFormProblems(schema, { kind: 'fancy' }, new Set(['title', 'count']))).toEqual(
      [],
    );
  });
});
