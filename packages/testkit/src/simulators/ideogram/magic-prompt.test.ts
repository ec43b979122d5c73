import { describe, expect, it } from 'vitest';
import { magicPrompt } from './magic-prompt.js';

describe('magicPrompt', () => {
  it('keeps the prompt and adds three sentences', () => {
    const rewrite = magicPrompt('A deer drinking in the lake', 0);

    expect(rewrite.startsWith('A deer drinking in the lake. ')).toBe(true);
    expect(rewrite.slice('A deer drinking in the lake. '.length).split('. ')).toHaveLength(3);
    expect(rewrite.endsWith('.')).toBe(true);
  });

  it('is deterministic in prompt and index', () => {
    expect(magicPrompt('A fox', 1)).toBe(magicPrompt('A fox', 1));
    const variants = new Set(Array.from({ length: 8 }, (_, index) => magicPrompt('A fox', index)));
    expect(variants.size).toBeGreaterThan(1);
  });

  it('does not double the final punctuation', () => {
    expect(magicPrompt('  A fox!  ', 0).startsWith('A fox. ')).toBe(true);
  });
});
