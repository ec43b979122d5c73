import { describe, expect, it } from 'vitest';
import { CliError } from './exit-codes.js';
import { parseInputAssignments } from './input-assignments.js';

describe('parseInputAssignments', () => {
  it('takes JSON values as JSON and anything else as a string', () => {
    expect(
      parseInputAssignments([
        'aspect_ratio=16:9',
        'seed=7',
        'raw=true',
        'style=',
        'prompt=a=b',
        'color_palette={"name":"EMBER"}',
        'quoted="7"',
      ]),
    ).toEqual({
      aspect_ratio: '16:9',
      seed: 7,
      raw: true,
      style: '',
      prompt: 'a=b',
      color_palette: { name: 'EMBER' },
      quoted: '7',
    });
  });

  it.each([['novalue'], ['=x']])('refuses %j', assignment => {
    expect(() => parseInputAssignments([assignment])).toThrow(CliError);
  });

  it('refuses a key given twice', () => {
    expect(() => parseInputAssignments(['seed=1', 'seed=2'])).toThrow(
      '--input seed is given twice',
    );
  });
});
