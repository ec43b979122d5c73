import { describe, expect, it } from 'vitest';
import { findOperation, ideogramOperations } from './ideogram-operations.js';

describe('ideogramOperations', () => {
  it('reads media types, refusal statuses and file fields from the spec', () => {
    const summary = Object.values(ideogramOperations).map(operation => ({
      path: operation.path,
      contentTypes: operation.contentTypes,
      unauthorizedStatus: operation.unauthorizedStatus,
      fileFields: operation.fileFields,
      hasPrompt: operation.hasPrompt,
    }));

    const references = ['style_reference_images'];
    const characters = ['character_reference_images', 'character_reference_images_mask'];
    expect(summary).toEqual([
      {
        path: '/v1/ideogram-v3/generate',
        contentTypes: ['multipart/form-data', 'application/json'],
        unauthorizedStatus: 401,
        fileFields: [...references, ...characters],
        hasPrompt: true,
      },
      {
        path: '/v1/ideogram-v3/edit',
        contentTypes: ['multipart/form-data'],
        unauthorizedStatus: 401,
        fileFields: ['image', 'mask', ...references, ...characters],
        hasPrompt: true,
      },
      {
        path: '/v1/ideogram-v3/remix',
        contentTypes: ['multipart/form-data'],
        unauthorizedStatus: 403,
        fileFields: ['image', ...references, ...characters],
        hasPrompt: true,
      },
      {
        path: '/v1/ideogram-v3/reframe',
        contentTypes: ['multipart/form-data'],
        unauthorizedStatus: 401,
        fileFields: ['image', ...references],
        hasPrompt: false,
      },
      {
        path: '/v1/ideogram-v3/replace-background',
        contentTypes: ['multipart/form-data'],
        unauthorizedStatus: 401,
        fileFields: ['image', ...references],
        hasPrompt: true,
      },
    ]);
  });

  it('resolves $refs of properties', () => {
    expect(ideogramOperations.edit.properties.seed).toMatchObject({
      type: 'integer',
      maximum: 2147483647,
    });
  });

  it('finds operations by exact path only', () => {
    expect(findOperation('/v1/ideogram-v3/remix')?.name).toBe('remix');
    expect(findOperation('/v1/ideogram-v3/remix/')).toBeUndefined();
    expect(findOperation('/remix')).toBeUndefined();
  });
});
