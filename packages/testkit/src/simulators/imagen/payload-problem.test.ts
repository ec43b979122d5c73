import { describe, expect, it } from 'vitest';
import { describePayloadProblem } from './payload-problem.js';

const schema = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: { longName: { type: 'string', minLength: 3 } },
      },
    },
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        seedValue: { type: 'integer', minimum: 0, maximum: 4294967295 },
        ratio: { type: 'integer', maximum: 10 },
        scale: { type: 'number' },
        enabled: { type: 'boolean' },
        mode: { enum: ['fast', 'slow'] },
      },
    },
  },
};

describe('describePayloadProblem', () => {
  it('finds nothing in a valid value', () => {
    expect(
      describePayloadProblem(schema, {
        items: [{ longName: 'abc' }],
        settings: { seedValue: 1, scale: 0.5, enabled: true, mode: 'fast' },
      }),
    ).toBeUndefined();
  });

  it('names unknown fields with Google’s snake_case location', () => {
    expect(describePayloadProblem(schema, { items: [{ longName: 'abc', extraName: 1 }] })).toBe(
      'Invalid JSON payload received. Unknown name "extraName" at \'items[0]\': Cannot find field.',
    );
  });

  it('labels wrong types with the proto type', () => {
    const problem = (settings: Record<string, unknown>) =>
      describePayloadProblem(schema, { items: [{}], settings });

    expect(problem({ seedValue: 1.5 })).toBe(
      "Invalid value at 'settings.seed_value' (TYPE_UINT32), 1.5",
    );
    expect(problem({ scale: 'big' })).toBe(
      'Invalid value at \'settings.scale\' (TYPE_FLOAT), "big"',
    );
    expect(problem({ enabled: 1 })).toBe("Invalid value at 'settings.enabled' (TYPE_BOOL), 1");
    expect(describePayloadProblem(schema, { items: {} })).toBe(
      "Invalid value at 'items' (repeated TYPE_MESSAGE), {}",
    );
  });

  it('words one-sided ranges and lengths', () => {
    expect(describePayloadProblem(schema, { items: [{}], settings: { ratio: 11 } })).toBe(
      'settings.ratio must be at most 10, got 11.',
    );
    expect(describePayloadProblem(schema, { items: [{ longName: 'ab' }] })).toBe(
      'items[0].longName must be at least 3 long.',
    );
    expect(describePayloadProblem(schema, { items: [] })).toBe(
      'items must hold at least 1 items, got 0.',
    );
  });

  it('reports parser problems first, then the others in body order', () => {
    expect(
      describePayloadProblem(schema, {
        settings: { ratio: 99, seedValue: -1, mode: 'medium' },
      }),
    ).toBe(
      'Invalid value at \'settings.mode\' (TYPE_STRING), "medium". Supported values: "fast", "slow".',
    );
    expect(describePayloadProblem(schema, { settings: { ratio: 99, seedValue: -1 } })).toBe(
      'settings.ratio must be at most 10, got 99.',
    );
  });

  it('shortens long values', () => {
    const problem = describePayloadProblem(schema, {
      items: [{}],
      settings: { scale: 'x'.repeat(500) },
    });

    expect(problem?.length).toBeLessThan(160);
    expect(problem?.endsWith('…')).toBe(true);
  });

  it('refuses a root that is not an object as Google does', () => {
    expect(describePayloadProblem(schema, 'text')).toBe(
      'Invalid JSON payload received. Root element must be a message.',
    );
  });
});
