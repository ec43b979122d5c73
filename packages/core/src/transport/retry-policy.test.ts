import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, noRetryPolicy, resolveRetryPolicy } from './retry-policy.js';

describe('resolveRetryPolicy', () => {
  it('keeps defaults for fields left undefined and applies the rest', () => {
    expect(resolveRetryPolicy({ maxAttempts: undefined, baseDelayMs: 5 })).toEqual({
      ...defaultRetryPolicy,
      baseDelayMs: 5,
    });
    expect(resolveRetryPolicy(undefined)).toEqual(defaultRetryPolicy);
    expect(resolveRetryPolicy(false)).toBe(noRetryPolicy);
  });
});
