import { loadSharedSpec } from '@easel/specs';
import { describe, expect, it } from 'vitest';
import {
  ideogramOperationNames,
  ideogramOperations,
  ideogramWireName,
  inferIdeogramOperation,
} from './ideogram-operations.js';

const spec = loadSharedSpec('ideogram-v3.openapi.json') as {
  paths: Record<
    string,
    { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }
  >;
  components: {
    schemas: Record<string, { properties: Record<string, unknown>; required: string[] }>;
  };
};

function requestSchema(operation: string) {
  const content = spec.paths[`/v1/ideogram-v3/${operation}`]!.post.requestBody.content;
  const reference = content['multipart/form-data']!.schema.$ref;
  return spec.components.schemas[reference.split('/').at(-1)!]!;
}

describe('the operation table', () => {
  it.each(ideogramOperationNames)('lists exactly the fields and requirements of %s', operation => {
    const schema = requestSchema(operation);
    expect([...ideogramOperations[operation].fields].sort()).toEqual(
      Object.keys(schema.properties).sort(),
    );
    expect([...ideogramOperations[operation].required].sort()).toEqual([...schema.required].sort());
  });

  it('names the wire field of each input field', () => {
    expect(ideogramWireName('n')).toBe('num_images');
    expect(ideogramWireName('size')).toBe('resolution');
    expect(ideogramWireName('images')).toBe('image');
    expect(ideogramWireName('style_codes')).toBe('style_codes');
    expect(ideogramWireName('operation')).toBeNull();
    expect(ideogramWireName('output_format')).toBeNull();
  });
});

describe('inferIdeogramOperation', () => {
  const clues = { image: false, mask: false, prompt: false, resolution: false };

  it('chooses from the inputs', () => {
    expect(inferIdeogramOperation({ ...clues, prompt: true })).toBe('generate');
    expect(inferIdeogramOperation({ ...clues, image: true, mask: true, prompt: true })).toBe(
      'edit',
    );
    expect(inferIdeogramOperation({ ...clues, image: true, resolution: true })).toBe('reframe');
    expect(inferIdeogramOperation({ ...clues, image: true, prompt: true, resolution: true })).toBe(
      'remix',
    );
    expect(inferIdeogramOperation({ ...clues, image: true })).toBe('remix');
  });

  it('lets an explicit operation win', () => {
    expect(
      inferIdeogramOperation({
        ...clues,
        image: true,
        prompt: true,
        operation: 'replace-background',
      }),
    ).toBe('replace-background');
  });
});
