import { describe, expect, it } from 'vitest';
import { specViolationError } from './spec-violation-error.js';

describe('specViolationError', () => {
  it('names nested parameters the way OpenAI does', () => {
    const error = specViolationError(
      [{ path: '/images/2', message: "must have required property 'image_url'" }],
      { images: [{}, {}, {}] },
    );
    expect(error.status).toBe(400);
    expect(error.error).toEqual({
      message: "Missing required parameter: 'images[2].image_url'.",
      type: 'invalid_request_error',
      param: 'images[2].image_url',
      code: 'missing_required_parameter',
    });
  });

  it('prefers the anyOf branch of the right type', () => {
    const error = specViolationError(
      [
        { path: '/image', message: 'must be string' },
        { path: '/image', message: 'must NOT have more than 16 items' },
        { path: '/image', message: 'must match a schema in anyOf' },
      ],
      { image: Array.from({ length: 17 }, () => 'file') },
    );
    expect(error.error).toMatchObject({
      message:
        "Invalid 'image': array too long. Expected an array with maximum length 16, but got an array with length 17 instead.",
      code: 'array_above_max_length',
    });
  });

  it('lists the allowed values of an enum', () => {
    const error = specViolationError(
      [
        {
          path: '/quality',
          message: 'must be equal to one of the allowed values ("low", "medium", "high", "auto")',
        },
        { path: '/quality', message: 'must be null' },
      ],
      { quality: 'ultra' },
    );
    expect(error.error).toMatchObject({
      message: "Invalid value: 'ultra'. Supported values are: 'low', 'medium', 'high', and 'auto'.",
      param: 'quality',
      code: 'invalid_value',
    });
  });

  it('describes what a value of the wrong type was', () => {
    const error = specViolationError([{ path: '/stream', message: 'must be boolean' }], {
      stream: 'yes',
    });
    expect(error.error.message).toBe(
      "Invalid type for 'stream': expected a boolean, but got a string instead.",
    );
  });
});
