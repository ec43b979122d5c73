import { describe, expect, it } from 'vitest';
import type { MultipartPart } from '../../simulator/multipart-parser.js';
import { stabilitySd3SchemaDocument } from '../../specs/documents/stability-sd3-schema.js';
import { readSd3Form } from './sd3-form.js';

function textPart(name: string, value: string): MultipartPart {
  const data = Buffer.from(value);
  return { name, headers: {}, data, text: () => value };
}

const properties = stabilitySd3SchemaDocument.properties as Record<string, { default?: unknown }>;

describe('readSd3Form', () => {
  it('fills in the schema’s defaults', () => {
    const reading = readSd3Form([textPart('prompt', 'a fox')]);

    expect(reading).toEqual({
      form: {
        prompt: 'a fox',
        mode: properties.mode?.default,
        model: properties.model?.default,
        aspectRatio: properties.aspect_ratio?.default,
        outputFormat: properties.output_format?.default,
        seed: properties.seed?.default,
      },
    });
  });

  it('reads numbers and re-routes legacy models', () => {
    const reading = readSd3Form([
      textPart('prompt', 'a fox'),
      textPart('model', 'sd3-large-turbo'),
      textPart('seed', '1e3'),
      textPart('cfg_scale', '2.5'),
      textPart('negative_prompt', ''),
      textPart('style_preset', 'origami'),
    ]);

    expect(reading).toMatchObject({
      form: {
        model: 'sd3.5-large-turbo',
        seed: 1000,
        cfgScale: 2.5,
        negativePrompt: '',
        stylePreset: 'origami',
      },
    });
  });

  it('refuses an unknown field once, however often it is sent', () => {
    const reading = readSd3Form([
      textPart('prompt', 'a fox'),
      textPart('steps', '20'),
      textPart('steps', '30'),
    ]);

    expect(reading).toEqual({ problems: ['steps: is not a known field'] });
  });
});
