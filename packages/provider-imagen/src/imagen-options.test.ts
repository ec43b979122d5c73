import { InvalidInputError, inputJsonSchema, validateInput } from '@easel/core';
import { describe, expect, it } from 'vitest';
import {
  imagenCapabilities,
  imagenInput,
  imagenModelIds,
  imagenModels,
  imagenModelsWithImageSize,
  imagenOutputSizes,
  imagenPromptMaxLength,
  imagenShapeOfSize,
} from './imagen-options.js';

function validate(
  modelId: (typeof imagenModelIds)[number],
  api: 'gemini' | 'vertex',
  input: Record<string, unknown>,
) {
  return validateInput(imagenInput(modelId, api), input, { model: `google/${modelId}` }).value;
}

function rejection(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('imagenCapabilities', () => {
  it('are data, per model and per API', () => {
    for (const modelId of imagenModelIds) {
      const gemini = imagenCapabilities(modelId, 'gemini');
      const vertex = imagenCapabilities(modelId, 'vertex');
      expect(gemini).toMatchObject({
        execution: 'sync',
        aspectRatios: { type: 'list', values: ['1:1', '3:4', '4:3', '9:16', '16:9'] },
        outputFormats: ['png', 'jpeg'],
        seed: false,
        negativePrompt: false,
        maxInputImages: 0,
        mask: false,
        promptMaxLength: imagenPromptMaxLength,
      });
      expect(vertex).toMatchObject({ seed: true, negativePrompt: true });
      expect(imagenCapabilities(modelId, 'gemini')).toBe(gemini);
    }
  });

  it('gives Ultra one image per call and the others four', () => {
    expect(imagenCapabilities('imagen-4.0-ultra-generate-001', 'gemini').maxImagesPerCall).toBe(1);
    expect(
      imagenCapabilities('imagen-4.0-ultra-generate-preview-06-06', 'vertex').maxImagesPerCall,
    ).toBe(1);
    expect(imagenCapabilities('imagen-4.0-generate-001', 'gemini').maxImagesPerCall).toBe(4);
    expect(imagenCapabilities('imagen-4.0-fast-generate-001', 'gemini').maxImagesPerCall).toBe(4);
    expect(imagenCapabilities('imagen-3.0-generate-002', 'gemini').maxImagesPerCall).toBe(4);
  });

  it('lists 2K sizes only for Imagen 4 Standard and Ultra', () => {
    expect(imagenModelsWithImageSize).toEqual([
      'imagen-4.0-generate-001',
      'imagen-4.0-ultra-generate-001',
      'imagen-4.0-ultra-generate-preview-06-06',
      'imagen-4.0-generate-preview-06-06',
      'imagen-4.0-ultra-generate-exp-05-20',
      'imagen-4.0-generate-preview-05-20',
    ]);
    expect(imagenCapabilities('imagen-4.0-generate-001', 'gemini').sizes).toEqual({
      type: 'list',
      values: [
        ...Object.values(imagenOutputSizes['1K']),
        ...Object.values(imagenOutputSizes['2K']),
      ],
    });
    expect(imagenCapabilities('imagen-4.0-fast-generate-001', 'gemini').sizes).toEqual({
      type: 'list',
      values: Object.values(imagenOutputSizes['1K']),
    });
  });

  it('knows which ratio and resolution render each pixel size', () => {
    expect(imagenShapeOfSize('1408x768')).toEqual({ aspectRatio: '16:9', imageSize: '1K' });
    expect(imagenShapeOfSize('1792x2560')).toEqual({ aspectRatio: '3:4', imageSize: '2K' });
    expect(imagenShapeOfSize('1000x1000')).toBeUndefined();
  });

  it('mark the GA ids, which the retired-model message recommends', () => {
    const ga = imagenModelIds.filter(modelId => imagenModels[modelId].stage === 'ga');
    expect(ga).toEqual([
      'imagen-3.0-generate-002',
      'imagen-4.0-generate-001',
      'imagen-4.0-ultra-generate-001',
      'imagen-4.0-fast-generate-001',
    ]);
  });
});

describe('imagenInput', () => {
  it('accepts the seed body verbatim and folds numberOfImages into n', () => {
    const prompt =
      'A deer drinking in the lake, Sakura petals falling, green and clean water, japanese temple, dappled sunlight, cinematic lighting, expansive view, peace';
    expect(validate('imagen-3.0-generate-002', 'gemini', { prompt, numberOfImages: 1 })).toEqual({
      prompt,
      n: 1,
    });
  });

  it('folds the SDK names into the common ones', () => {
    expect(
      validate('imagen-4.0-generate-001', 'vertex', {
        prompt: 'a fox',
        numberOfImages: 2,
        aspectRatio: '9:16',
        outputMimeType: 'image/jpeg',
        negativePrompt: 'blurry',
      }),
    ).toEqual({
      prompt: 'a fox',
      n: 2,
      aspect_ratio: '9:16',
      output_format: 'jpeg',
      negative_prompt: 'blurry',
    });
  });

  it('rejects an SDK name that disagrees with its common twin', () => {
    const error = rejection(() =>
      validate('imagen-4.0-generate-001', 'gemini', {
        prompt: 'a fox',
        outputMimeType: 'image/jpeg',
        output_format: 'png',
      }),
    );
    expect(error.issues[0]?.path).toEqual(['outputMimeType']);
    expect(
      validate('imagen-4.0-generate-001', 'gemini', {
        prompt: 'a fox',
        outputMimeType: 'image/jpeg',
        output_format: 'jpg',
      }),
    ).toMatchObject({ output_format: 'jpeg' });
  });

  it('accepts the REST lower-case and the SDK upper-case enums', () => {
    for (const personGeneration of ['allow_adult', 'ALLOW_ALL', 'dont_allow']) {
      for (const safetyFilterLevel of ['block_only_high', 'BLOCK_LOW_AND_ABOVE']) {
        expect(
          validate('imagen-3.0-generate-002', 'gemini', {
            prompt: 'a fox',
            personGeneration,
            safetyFilterLevel,
          }),
        ).toMatchObject({ personGeneration, safetyFilterLevel });
      }
    }
    const error = rejection(() =>
      validate('imagen-3.0-generate-002', 'gemini', { prompt: 'a fox', personGeneration: 'all' }),
    );
    expect(error.issues[0]?.path).toEqual(['personGeneration']);
  });

  it('takes only Imagen’s five ratios under the SDK name (aspect_ratio snaps instead)', () => {
    const error = rejection(() =>
      validate('imagen-3.0-generate-002', 'gemini', { prompt: 'a fox', aspectRatio: '21:9' }),
    );
    expect(error.issues[0]?.path).toEqual(['aspectRatio']);
    expect(
      validate('imagen-3.0-generate-002', 'gemini', { prompt: 'a fox', aspect_ratio: '21:9' }),
    ).toMatchObject({ aspect_ratio: '21:9' });
  });

  it('refuses imageSize on models without it, naming the models that have it', () => {
    for (const modelId of [
      'imagen-3.0-generate-002',
      'imagen-4.0-fast-generate-001',
      'imagen-4.0-fast-generate-preview-06-06',
    ] as const) {
      const error = rejection(() =>
        validate(modelId, 'vertex', { prompt: 'a fox', imageSize: '2K' }),
      );
      expect(error.issues[0]?.path).toEqual(['imageSize']);
      expect(error.message).toContain(`${modelId} renders at 1K only`);
      expect(error.message).toContain('imagen-4.0-generate-001, imagen-4.0-ultra-generate-001');
    }
    expect(
      validate('imagen-4.0-ultra-generate-001', 'gemini', { prompt: 'a fox', imageSize: '2K' }),
    ).toMatchObject({ imageSize: '2K' });
  });

  it('refuses the Vertex-only addWatermark and enhancePrompt on the Gemini API, saying how to switch', () => {
    const error = rejection(() =>
      validate('imagen-4.0-generate-001', 'gemini', {
        prompt: 'a fox',
        addWatermark: false,
        enhancePrompt: true,
      }),
    );
    expect(error.issues.map(issue => issue.path)).toEqual([['addWatermark'], ['enhancePrompt']]);
    expect(error.message).toContain('addWatermark works only on Vertex AI');
    expect(error.message).toContain('createImagen({ vertex: { project, location, accessToken } })');
    expect(
      validate('imagen-4.0-generate-001', 'vertex', {
        prompt: 'a fox',
        addWatermark: false,
        enhancePrompt: true,
      }),
    ).toMatchObject({ addWatermark: false, enhancePrompt: true });
  });

  it('lets seed and negative prompts through on both APIs (the model warns on the Gemini API)', () => {
    expect(
      validate('imagen-3.0-generate-002', 'gemini', {
        prompt: 'a fox',
        seed: 7,
        negativePrompt: 'blurry',
      }),
    ).toEqual({ prompt: 'a fox', seed: 7, negative_prompt: 'blurry' });
  });

  it('bounds the prompt, the counts and the quality, and has no input images', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ prompt: 'x'.repeat(imagenPromptMaxLength + 1) }, 'prompt'],
      [{ prompt: 'a fox', numberOfImages: 0 }, 'numberOfImages'],
      [{ prompt: 'a fox', numberOfImages: 17 }, 'numberOfImages'],
      [{ prompt: 'a fox', outputCompressionQuality: 101 }, 'outputCompressionQuality'],
      [{ prompt: 'a fox', outputMimeType: 'image/webp' }, 'outputMimeType'],
      [{ prompt: 'a fox', image: 'https://example.com/a.png' }, 'image'],
      [{ prompt: 'a fox', sampleCount: 2 }, 'sampleCount'],
    ];
    for (const [input, path] of cases) {
      const error = rejection(() => validate('imagen-3.0-generate-002', 'vertex', input));
      expect(error.issues.map(issue => issue.path.join('.'))).toContain(path);
    }
  });

  it('describes every field in the JSON Schema the gateway serves', () => {
    const schema = inputJsonSchema(imagenInput('imagen-4.0-generate-001', 'vertex')) as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'prompt',
        'n',
        'size',
        'aspect_ratio',
        'seed',
        'negative_prompt',
        'output_format',
        'numberOfImages',
        'aspectRatio',
        'imageSize',
        'outputMimeType',
        'outputCompressionQuality',
        'personGeneration',
        'safetyFilterLevel',
        'negativePrompt',
        'addWatermark',
        'enhancePrompt',
        'includeRaiReason',
        'includeSafetyAttributes',
        'language',
        'guidanceScale',
      ]),
    );
  });
});
