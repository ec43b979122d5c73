import {
  encodeBody,
  type ImageSource,
  InvalidInputError,
  imageSourceBytes,
  readImageMetadata,
  validateInput,
} from '@easel/core';
import { loadSharedSpec } from '@easel/specs';
import { parseMultipart, synthesizeImage } from '@easel/testkit';
import { multipartToObject, OpenApiValidator } from '@easel/testkit/specs';
import { describe, expect, it } from 'vitest';
import { type IdeogramValidatedInput, ideogramInput } from './ideogram-options.js';
import { ideogramMultipartBody, planIdeogramRequest } from './ideogram-request.js';

const spec = new OpenApiValidator(loadSharedSpec('ideogram-v3.openapi.json'));
const png = (seed: number, width = 32, height = 32) =>
  `data:image/png;base64,${Buffer.from(synthesizeImage({ width, height, format: 'png', seed })).toString('base64')}`;

function validated(input: Record<string, unknown>): IdeogramValidatedInput {
  return validateInput(ideogramInput, input, { model: 'ideogram/V3' }).value;
}

async function encode(
  input: Record<string, unknown>,
  passthrough?: Record<string, unknown>,
): Promise<{
  operation: string;
  parts: ReturnType<typeof parseMultipart>;
  fields: Record<string, unknown>;
}> {
  const plan = planIdeogramRequest(validated(input));
  const body = await ideogramMultipartBody(plan, {
    readImage: async (source: ImageSource) => {
      const bytes = imageSourceBytes(source)!;
      return { bytes, mediaType: readImageMetadata(bytes)?.mediaType ?? 'image/png' };
    },
    passthrough,
    model: 'ideogram/V3',
  });
  const encoded = encodeBody(body);
  const payload = Buffer.concat(
    Array.isArray(encoded.payload) ? encoded.payload : [encoded.payload as Uint8Array],
  );
  const parts = parseMultipart(payload, encoded.contentType);
  const fields = multipartToObject(parts);
  expect(
    spec.validateRequest(`/v1/ideogram-v3/${plan.operation}`, {
      contentType: 'multipart/form-data',
      body: fields,
    }),
  ).toEqual([]);
  return { operation: plan.operation, parts, fields };
}

describe('planIdeogramRequest', () => {
  it('maps every common and native field to its wire name', async () => {
    const { operation, fields } = await encode({
      prompt: 'a lighthouse',
      n: 3,
      seed: 12,
      aspect_ratio: '16:9',
      rendering_speed: 'TURBO',
      magic_prompt: 'OFF',
      negative_prompt: 'fog',
      style_type: 'DESIGN',
      style_preset: 'WATERCOLOR',
      custom_model_uri: 'model/my-model/version/2',
      color_palette: { name: 'PASTEL' },
    });
    expect(operation).toBe('generate');
    expect(fields).toEqual({
      prompt: 'a lighthouse',
      aspect_ratio: '16x9',
      num_images: '3',
      seed: '12',
      rendering_speed: 'TURBO',
      magic_prompt: 'OFF',
      negative_prompt: 'fog',
      style_type: 'DESIGN',
      style_preset: 'WATERCOLOR',
      custom_model_uri: 'model/my-model/version/2',
      color_palette: { name: 'PASTEL' },
    });
  });

  it('sends color_palette as an application/json part and style codes as repeated parts', async () => {
    const palette = {
      members: [
        { color_hex: '#b470b3', color_weight: 0.49 },
        { color_hex: '#7a79e3', color_weight: 0.16 },
      ],
    };
    const { parts, fields } = await encode({
      prompt: 'x',
      color_palette: palette,
      style_codes: ['AAFF5733', '0133FF57'],
    });
    const part = parts.find(candidate => candidate.name === 'color_palette')!;
    expect(part.contentType).toBe('application/json');
    expect(JSON.parse(part.text())).toEqual(palette);
    expect(parts.filter(candidate => candidate.name === 'style_codes').map(p => p.text())).toEqual([
      'AAFF5733',
      '0133FF57',
    ]);
    expect(fields.style_codes).toEqual(['AAFF5733', '0133FF57']);
  });

  it('sends reference images as repeated parts with their own content types', async () => {
    const jpeg = Buffer.from(synthesizeImage({ width: 16, height: 16, format: 'jpeg', seed: 9 }));
    const { parts } = await encode({
      prompt: 'x',
      style_reference_images: [png(1), jpeg],
      character_reference_images: [png(2)],
      character_reference_images_mask: [png(3)],
    });
    expect(parts.map(part => [part.name, part.filename, part.contentType])).toEqual([
      ['prompt', undefined, undefined],
      ['style_reference_images', 'style_reference_images-0.png', 'image/png'],
      ['style_reference_images', 'style_reference_images-1.jpg', 'image/jpeg'],
      ['character_reference_images', 'character_reference_images-0.png', 'image/png'],
      ['character_reference_images_mask', 'character_reference_images_mask-0.png', 'image/png'],
    ]);
    expect(new Uint8Array(parts[2]!.data)).toEqual(new Uint8Array(jpeg));
  });

  it('chooses the operation and its endpoint from the inputs', async () => {
    expect((await encode({ prompt: 'x', image: png(1), mask: png(2) })).operation).toBe('edit');
    const remix = await encode({ prompt: 'x', image: png(1), image_weight: 70, size: '1280x800' });
    expect(remix.operation).toBe('remix');
    expect(remix.fields).toMatchObject({ image_weight: '70', resolution: '1280x800' });
    const reframe = await encode({ image: png(1), resolution: '1536x640' });
    expect(reframe.operation).toBe('reframe');
    expect(reframe.fields).toEqual({
      resolution: '1536x640',
      image: expect.stringMatching(/^<binary image-0\.png /),
    });
    const background = await encode({
      image: png(1),
      prompt: 'a beach',
      operation: 'replace-background',
      magic_prompt: 'ON',
    });
    expect(background.operation).toBe('replace-background');
    expect(Object.keys(background.fields)).not.toContain('operation');
  });

  it('snaps a size to the nearest resolution with a warning, and keeps an exact one silently', () => {
    const snapped = planIdeogramRequest(validated({ prompt: 'x', size: '1920x1080' }));
    expect(snapped.fields.resolution).toBe('1344x768');
    expect(snapped.warnings).toEqual([
      expect.objectContaining({
        type: 'approximated',
        feature: 'size',
        requested: '1920x1080',
        used: '1344x768',
      }),
    ]);
    expect(planIdeogramRequest(validated({ prompt: 'x', size: '1280x800' })).warnings).toEqual([]);
  });

  it('snaps an aspect ratio to the nearest of the 15, and reports output formats other than png', () => {
    const plan = planIdeogramRequest(
      validated({ prompt: 'x', aspect_ratio: '21:9', output_format: 'jpeg' }),
    );
    expect(plan.fields.aspect_ratio).toBe('2x1');
    expect(plan.warnings.map(warning => warning.type !== 'other' && warning.feature)).toEqual([
      'output_format',
      'aspect_ratio',
    ]);
  });

  it('keeps a fanned-out seed inside Ideogram’s range', () => {
    const plan = planIdeogramRequest({ prompt: 'x', seed: 2_147_483_650 } as never);
    expect(plan.fields.seed).toBe(2);
  });

  it('lets passthrough fields replace planned ones and adds new ones', async () => {
    const plan = planIdeogramRequest(validated({ prompt: 'x', rendering_speed: 'TURBO' }));
    const body = await ideogramMultipartBody(plan, {
      readImage: async () => {
        throw new Error('no images here');
      },
      passthrough: { rendering_speed: 'FLASH', extra: { a: 1 }, tags: ['a', 'b'] },
      model: 'ideogram/V3',
    });
    expect(body.type === 'multipart' && body.parts.map(part => [part.name, part.value])).toEqual([
      ['prompt', 'x'],
      ['rendering_speed', 'FLASH'],
      ['extra', '{"a":1}'],
      ['tags', 'a'],
      ['tags', 'b'],
    ]);
  });

  it('refuses images over Ideogram’s 10 MB before sending', async () => {
    const plan = planIdeogramRequest(
      validated({ prompt: 'x', style_reference_images: [png(1), png(2)] }),
    );
    const error = await ideogramMultipartBody(plan, {
      readImage: async () => ({ bytes: new Uint8Array(6 * 1024 * 1024), mediaType: 'image/png' }),
      model: 'ideogram/V3',
    }).catch((thrown: unknown) => thrown);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).issues).toEqual([
      {
        path: ['style_reference_images'],
        message: 'Ideogram takes at most 10 MB across all style_reference_images, received 12.0 MB',
      },
    ]);
  });
});
