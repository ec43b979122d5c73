import { createEasel, UnknownModelError } from '@easel/core';
import { describe, expect, it } from 'vitest';
import { createReference, reference } from './reference-provider.js';

describe('createReference', () => {
  it('never throws on creation: the key is read when the first request is made', () => {
    expect(() => createReference()).not.toThrow();
    expect(reference.id).toBe('reference');
  });

  it('is callable and typed by model id', () => {
    const provider = createReference({ baseURL: 'http://127.0.0.1:9/' });
    expect(provider('ref-sync').modelId).toBe('ref-sync');
    expect(provider.imageModel('ref-async').capabilities.execution).toBe('async');
    expect(createEasel({ providers: [provider] }).describe('Ref-Sync-1').path).toBe(
      'reference/ref-sync',
    );
  });

  it('names the closest model for an unknown id', () => {
    const provider = createReference();
    expect(() => provider.imageModel('ref-snyc')).toThrow(UnknownModelError);
    expect(() => provider.imageModel('ref-snyc')).toThrow(
      'Unknown model "ref-snyc". Did you mean "ref-sync"?',
    );
  });
});
