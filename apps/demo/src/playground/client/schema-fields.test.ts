import { createEasel } from '@easel/core';
import { createFlux } from '@easel/provider-flux';
import { createIdeogram } from '@easel/provider-ideogram';
import { createImagen } from '@easel/provider-imagen';
import { createOpenAI } from '@easel/provider-openai';
import { createStability } from '@easel/provider-stability';
import { describe, expect, it } from 'vitest';
import type { JsonSchema, ModelCapabilities, ModelEntry } from './api-types.js';
import { type FieldSpec, fieldsOf, inputValueOf, isImageField } from './schema-fields.js';

// The real catalog: every model's schema and capabilities, as `GET /v1/models` serves them.
const settings = { apiKey: 'unused-in-these-tests' };
const models = createEasel({
  providers: [
    createOpenAI(settings),
    createIdeogram(settings),
    createStability(settings),
    createImagen(settings),
    createFlux(settings),
  ],
}).models();

function model(path: string): Pick<ModelEntry, 'input_schema' | 'capabilities'> {
  const found = models.find(candidate => candidate.path === path);
  if (found === undefined) throw new Error(`no model ${path}`);
  return {
    input_schema: found.inputSchema as JsonSchema,
    capabilities: found.capabilities as ModelCapabilities,
  };
}

function field(path: string, name: string): FieldSpec | undefined {
  return fieldsOf(model(path)).find(candidate => candidate.name === name);
}

describe('fieldsOf', () => {
  it.each(models.map(entry => entry.path))(
    '%s: draws every property the model takes, prompt first',
    path => {
      const fields = fieldsOf(model(path));
      const schema = model(path).input_schema;
      expect(fields[0]!.name).toBe('prompt');
      expect(fields[0]!.control).toMatchObject({ kind: 'text', multiline: true });
      for (const name of Object.keys(schema.properties!)) {
        const drawn = fields.some(candidate => candidate.name === name);
        const image = isImageField(name, schema.properties![name]!);
        if (!drawn) expect(['seed', 'negative_prompt'].includes(name) || image, name).toBe(true);
      }
    },
  );

  it('maps enums to selects, bounded numbers to sliders, booleans to checkboxes', () => {
    expect(field('openai/gpt-image-1', 'quality')).toMatchObject({
      section: 'more',
      required: false,
      control: { kind: 'select', options: ['low', 'medium', 'high', 'auto'] },
    });
    expect(field('openai/gpt-image-1', 'n')).toMatchObject({
      section: 'main',
      control: { kind: 'number', integer: true, slider: true, min: 1, max: 16, step: 1 },
    });
    expect(field('openai/gpt-image-1', 'stream')?.control).toEqual({ kind: 'checkbox' });
    expect(field('stability/Stable-Diffusion-3-5-Large', 'strength')?.control).toMatchObject({
      kind: 'number',
      integer: false,
      slider: true,
      step: 0.01,
    });
    expect(field('bfl/flux-2-pro', 'width')?.control).toMatchObject({
      slider: true,
      step: 16,
      min: 64,
      max: 4096,
    });
  });

  it('gives huge ranges a number box only, and open strings suggestions from the capabilities', () => {
    expect(field('ideogram/V3', 'seed')?.control).toMatchObject({ kind: 'number', slider: false });
    expect(field('openai/gpt-image-1', 'size')?.control).toEqual({
      kind: 'text',
      multiline: false,
      inputType: 'text',
      suggestions: ['auto', '1024x1024', '1536x1024', '1024x1536'],
    });
    expect(field('stability/Stable-Diffusion-3-5-Large', 'aspect_ratio')?.control).toMatchObject({
      kind: 'text',
      suggestions: ['21:9', '16:9', '3:2', '5:4', '1:1', '4:5', '2:3', '9:16', '9:21'],
    });
    expect(field('bfl/flux-kontext-pro', 'aspect_ratio')?.hint).toContain(
      'This model: from 9:21 to 21:9.',
    );
    expect(field('bfl/flux-kontext-pro', 'webhook_url')?.control).toMatchObject({
      inputType: 'url',
    });
  });

  it('edits objects and lists of patterned strings as JSON, with an example', () => {
    expect(field('ideogram/V3', 'color_palette')?.control).toEqual({
      kind: 'json',
      example: '{"name":"EMBER"}',
    });
    expect(field('ideogram/V3', 'style_codes')?.control.kind).toBe('json');
  });

  it('offers image uploads by what the model takes', () => {
    expect(field('openai/gpt-image-1', 'image')).toMatchObject({
      section: 'image',
      control: { kind: 'image', multiple: false, maxFiles: 1 },
    });
    expect(field('openai/gpt-image-1', 'mask')?.section).toBe('image');
    expect(field('openai/gpt-image-1', 'images')?.control).toEqual({
      kind: 'image',
      multiple: true,
      maxFiles: 16,
    });
    expect(field('openai/dall-e-3', 'image')).toBeUndefined();
    expect(field('google/imagen-4.0-generate-001', 'images')).toBeUndefined();
    expect(field('stability/Stable-Diffusion-3-5-Large', 'mask')).toBeUndefined();
    expect(field('bfl/flux-kontext-pro', 'input_image_4')?.control.kind).toBe('image');
    expect(field('bfl/flux-kontext-pro', 'input_image_5')).toBeUndefined();
    expect(field('bfl/flux-pro-1.1-ultra', 'image_prompt')?.control.kind).toBe('image');
  });

  it('leaves out what the model ignores: seed on gpt-image-1, negative_prompt on FLUX', () => {
    expect(field('openai/gpt-image-1', 'seed')).toBeUndefined();
    expect(field('bfl/flux-kontext-pro', 'negative_prompt')).toBeUndefined();
    expect(field('bfl/flux-kontext-pro', 'seed')?.section).toBe('main');
  });

  it('orders the common fields first, then the image group, then the rest in schema order', () => {
    const names = fieldsOf(model('openai/gpt-image-1')).map(candidate => candidate.name);
    expect(names.slice(0, 7)).toEqual([
      'prompt',
      'n',
      'size',
      'aspect_ratio',
      'output_format',
      'image',
      'mask',
    ]);
    expect(names.indexOf('quality')).toBeLessThan(names.indexOf('background'));
  });
});

describe('inputValueOf', () => {
  const n = field('openai/gpt-image-1', 'n')!;
  const prompt = field('openai/gpt-image-1', 'prompt')!;

  it('leaves empty controls out, and says when a required one is empty', () => {
    expect(inputValueOf(n, { kind: 'text', text: '' })).toEqual({ value: undefined });
    expect(inputValueOf(prompt, { kind: 'text', text: '  ' })).toEqual({ problem: 'is required' });
    expect(inputValueOf(prompt, { kind: 'text', text: 'a deer' })).toEqual({ value: 'a deer' });
  });

  it('parses numbers and checks them against the schema', () => {
    expect(inputValueOf(n, { kind: 'text', text: '3' })).toEqual({ value: 3 });
    expect(inputValueOf(n, { kind: 'text', text: '17' })).toEqual({
      problem: 'must be at most 16',
    });
    expect(inputValueOf(n, { kind: 'text', text: '1.5' })).toEqual({
      problem: 'must be a whole number',
    });
    const width = field('bfl/flux-2-pro', 'width')!;
    expect(inputValueOf(width, { kind: 'text', text: '1000' })).toEqual({
      problem: 'must be a multiple of 16',
    });
  });

  it('sends a checkbox only once touched', () => {
    const stream = field('openai/gpt-image-1', 'stream')!;
    expect(inputValueOf(stream, { kind: 'checkbox', touched: false, checked: false })).toEqual({
      value: undefined,
    });
    expect(inputValueOf(stream, { kind: 'checkbox', touched: true, checked: false })).toEqual({
      value: false,
    });
  });

  it('parses and checks JSON fields', () => {
    const palette = field('ideogram/V3', 'color_palette')!;
    expect(inputValueOf(palette, { kind: 'text', text: '{"name": "EMBER"}' })).toEqual({
      value: { name: 'EMBER' },
    });
    expect(inputValueOf(palette, { kind: 'text', text: '{name' }).problem).toMatch(
      /^is not valid JSON/,
    );
    expect(inputValueOf(palette, { kind: 'text', text: '{"name": "NEON"}' }).problem).toBe(
      'name: must be one of EMBER, FRESH, JUNGLE, MAGIC, MELON, MOSAIC, PASTEL, ULTRAMARINE',
    );
  });

  it('takes one data URI for a single image field, a list for a multiple one', () => {
    const image = field('openai/gpt-image-1', 'image')!;
    const images = field('openai/gpt-image-1', 'images')!;
    const uris = ['data:image/png;base64,AAAA', 'data:image/png;base64,BBBB'];
    expect(inputValueOf(image, { kind: 'list', values: uris.slice(0, 1) })).toEqual({
      value: uris[0],
    });
    expect(inputValueOf(images, { kind: 'list', values: uris })).toEqual({ value: uris });
    expect(inputValueOf(image, { kind: 'list', values: uris }).problem).toBe(
      'takes at most 1 image(s) on this model',
    );
  });
});
