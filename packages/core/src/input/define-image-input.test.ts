import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import type { ImageModelV1Capabilities } from '../image-model/v1/image-model-v1-capabilities.js';
import { defineImageInput } from './define-image-input.js';
import { validateInput } from './validate-input.js';

const capabilities = {
  execution: 'sync',
  maxImagesPerCall: 4,
  outputFormats: ['png', 'jpeg'],
  seed: true,
  negativePrompt: true,
  maxInputImages: 2,
  mask: true,
  promptMaxLength: 50,
} as const satisfies ImageModelV1Capabilities;

const schema = defineImageInput({
  capabilities,
  native: {
    numberOfImages: z.int().min(1).max(4).optional(),
    outputMimeType: z.enum(['image/png', 'image/jpeg']).optional(),
    input_image_2: z.string().optional(),
    quality: z.enum(['low', 'high']).optional(),
  },
  aliases: {
    numberOfImages: 'n',
    outputMimeType: {
      field: 'output_format',
      convert: (value: string) => value.replace('image/', ''),
    },
  },
  check: (input, context) => {
    if (input.quality === 'high' && input.output_format === 'jpeg') {
      context.addIssue({ path: ['quality'], message: 'high quality needs png' });
    }
  },
});

function problems(input: unknown): InvalidInputError {
  try {
    validateInput(schema, input, { model: 'test/model' });
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the input to be rejected');
}

describe('defineImageInput', () => {
  it('accepts common and native fields and normalises common forms', () => {
    const { value } = validateInput(schema, {
      prompt: 'a deer',
      n: 2,
      size: '1024x768',
      aspect_ratio: '2x1',
      output_format: 'jpg',
      seed: 7,
      negative_prompt: 'blur',
      quality: 'low',
    });
    expect(value).toEqual({
      prompt: 'a deer',
      n: 2,
      size: '1024x768',
      aspect_ratio: '2:1',
      output_format: 'jpeg',
      seed: 7,
      negative_prompt: 'blur',
      quality: 'low',
    });
  });

  it('folds native aliases into the common names', () => {
    const { value } = validateInput(schema, {
      prompt: 'x',
      numberOfImages: 3,
      outputMimeType: 'image/jpeg',
    });
    expect(value).toEqual({ prompt: 'x', n: 3, output_format: 'jpeg' });
    expect(validateInput(schema, { prompt: 'x', numberOfImages: 3, n: 3 }).value).toEqual({
      prompt: 'x',
      n: 3,
    });
  });

  it('folds image into images and classifies every image form', () => {
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
    const bytes = new Uint8Array([1, 2, 3]);
    expect(
      validateInput(schema, { prompt: 'x', image: 'https://example.com/a.png' }).value,
    ).toEqual({
      prompt: 'x',
      images: [{ type: 'url', url: 'https://example.com/a.png' }],
    });
    const { value } = validateInput(schema, {
      prompt: 'x',
      images: [`data:image/png;base64,${png}`, bytes],
      mask: png,
    });
    expect(value.images).toEqual([
      { type: 'base64', base64: png, mediaType: 'image/png' },
      { type: 'bytes', bytes },
    ]);
    expect(value.mask).toEqual({ type: 'base64', base64: png });
  });

  it('reports every problem at once with paths, received values and suggestions', () => {
    const error = problems({
      prompt: 'x'.repeat(51),
      n: 40,
      size: '1024 x 768',
      negativ_prompt: 'blur',
      qualty: 'low',
      seed: -1,
    });
    expect(error.model).toBe('test/model');
    const byPath = Object.fromEntries(error.issues.map(issue => [issue.path.join('.'), issue]));
    expect(byPath.prompt?.message).toBe(
      'must be at most 50 characters, received "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    );
    expect(byPath.n?.message).toBe('must be at most 16, received 40');
    expect(byPath.size?.message).toBe(
      'expected WIDTHxHEIGHT, e.g. 1024x1024, received "1024 x 768"',
    );
    expect(byPath.seed?.message).toBe('must be at least 0, received -1');
    expect(byPath.negativ_prompt).toMatchObject({
      message: 'unknown field',
      suggestion: 'negative_prompt',
    });
    expect(byPath.qualty).toMatchObject({ message: 'unknown field', suggestion: 'quality' });
    expect(error.issues).toHaveLength(6);
    expect(error.message).toContain(
      'negativ_prompt: unknown field; did you mean "negative_prompt"?',
    );
  });

  it('names what is allowed for enums and types', () => {
    const error = problems({ prompt: 'x', quality: 'ultra', n: 'two' });
    const byPath = Object.fromEntries(error.issues.map(issue => [issue.path.join('.'), issue]));
    expect(byPath.quality).toMatchObject({
      message: 'must be one of "low", "high", received "ultra"',
      expected: 'low, high',
    });
    expect(byPath.n).toMatchObject({
      message: 'expected a number, received "two"',
      expected: 'a number',
    });
    expect(problems({ prompt: 'x', n: 1.5 }).issues[0]).toMatchObject({
      message: 'expected a whole number, received 1.5',
    });
  });

  it('requires the prompt and explains a missing one', () => {
    expect(problems({ n: 1 }).issues).toEqual([
      { path: ['prompt'], message: 'is required', expected: 'a string' },
    ]);
  });

  it('rejects conflicting fields and capability violations', () => {
    const conflicts = problems({
      prompt: 'x',
      n: 2,
      numberOfImages: 3,
      image: 'https://a.test/1.png',
      images: ['https://a.test/2.png'],
    });
    expect(conflicts.issues.map(issue => issue.message)).toEqual([
      'give either image or images, not both',
      'numberOfImages and n mean the same and disagree (3 vs 2); give one',
    ]);
    const tooMany = problems({
      prompt: 'x',
      images: ['https://a.test/1.png', 'https://a.test/2.png', 'https://a.test/3.png'],
    });
    expect(tooMany.issues[0]?.message).toBe('at most 2 input images, received 3');
    expect(problems({ prompt: 'x', mask: 'https://a.test/m.png' }).issues[0]?.message).toBe(
      'a mask needs an input image',
    );
    expect(
      problems({ prompt: 'x', quality: 'high', output_format: 'jpeg' }).issues[0]?.message,
    ).toBe('high quality needs png');
  });

  it('rejects bad image sources with what is accepted', () => {
    const error = problems({
      prompt: 'x',
      images: ['not base64!', 'ftp://a.test/x.png', 'data:text/plain;base64,aGk=', ''],
    });
    expect(error.issues.map(issue => [issue.path.join('.'), issue.message.split(';')[0]])).toEqual([
      ['images.0', 'not valid base64'],
      ['images.1', 'only http and https URLs are accepted'],
      ['images.2', 'data URI of type text/plain, expected an image'],
      ['images.3', 'empty string'],
    ]);
  });

  it('refuses input images and masks when the model takes none', () => {
    const textOnly = defineImageInput({
      capabilities: { ...capabilities, maxInputImages: 0, mask: false },
    });
    expect(() => validateInput(textOnly, { prompt: 'x', image: 'https://a.test/1.png' })).toThrow(
      'image: this model does not accept input images',
    );
  });

  it('passes unknown fields through when asked, and only then', () => {
    const { value, passthrough } = validateInput(
      schema,
      { prompt: 'x', style_raw: 'yes' },
      { unknownKeys: 'passthrough' },
    );
    expect(value).toEqual({ prompt: 'x' });
    expect(passthrough).toEqual({ style_raw: 'yes' });
    expect(() => validateInput(schema, { prompt: 'x', style_raw: 'yes' })).toThrow(
      InvalidInputError,
    );
  });

  it('rejects input that is not an object', () => {
    for (const input of [null, 'prompt', ['x'], 3]) {
      expect(() => validateInput(schema, input)).toThrow('expected an object of input fields');
    }
  });

  it('makes the prompt optional only when the capabilities say so', () => {
    const reframe = defineImageInput({ capabilities: { ...capabilities, promptRequired: false } });
    expect(validateInput(reframe, { image: 'https://a.test/1.png' }).value).toEqual({
      images: [{ type: 'url', url: 'https://a.test/1.png' }],
    });
  });
});
