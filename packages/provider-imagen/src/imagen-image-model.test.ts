import { ContentFilteredError, createEasel, type GenerateResult } from '@easel/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CapturedRequest,
  imageBase64,
  type MockAnswer,
  mockGoogle,
  predictAnswer,
} from './__fixtures__/google-mock.js';
import { createImagen, type ImagenProviderSettings } from './imagen-provider.js';
import { VERSION } from './version.js';

const geminiOrigin = 'https://generativelanguage.googleapis.com';
const vertexOrigin = 'https://us-central1-aiplatform.googleapis.com';
const apiKey = 'gemini-test-key-0123456789';
const accessToken = 'ya29.vertex-test-token-0123456789';
const seedPrompt =
  'A deer drinking in the lake, Sakura petals falling, green and clean water, japanese temple, dappled sunlight, cinematic lighting, expansive view, peace';

type Mock = ReturnType<typeof mockGoogle>;
const mocks: Mock[] = [];

afterEach(async () => {
  for (const mock of mocks.splice(0)) {
    expect(mock.violations()).toEqual([]);
    await mock.close();
  }
});

function setup(api: 'gemini' | 'vertex', settings: ImagenProviderSettings = {}) {
  const mock = mockGoogle(api === 'gemini' ? geminiOrigin : vertexOrigin);
  mocks.push(mock);
  const provider = createImagen({
    dispatcher: mock.agent,
    retry: false,
    ...(api === 'gemini'
      ? { apiKey }
      : { vertex: { project: 'easel-test', location: 'us-central1', accessToken } }),
    ...settings,
  });
  const easel = createEasel({ providers: [provider] });
  return { mock, provider, easel };
}

async function generateOnce(
  api: 'gemini' | 'vertex',
  path: string,
  input: Record<string, unknown>,
  answer?: MockAnswer | ((request: CapturedRequest) => MockAnswer),
): Promise<{ result: GenerateResult; request: CapturedRequest }> {
  const { mock, easel } = setup(api);
  mock.reply(answer);
  const result = await easel.generate(path, input as never);
  expect(mock.requests).toHaveLength(1);
  return { result, request: mock.requests[0]! };
}

const seedModelIds = [
  'imagen-4.0-ultra-generate-preview-06-06',
  'imagen-4.0-generate-preview-06-06',
  'imagen-4.0-ultra-generate-exp-05-20',
  'imagen-4.0-generate-preview-05-20',
  'imagen-3.0-generate-002',
  'imagen-4.0-ultra-generate-001',
  'imagen-4.0-generate-001',
  'imagen-4.0-fast-generate-001',
  'imagen-4.0-fast-generate-preview-06-06',
];

describe('the seed documents, verbatim', () => {
  it('sends { prompt, numberOfImages: 1 } on google/imagen-3.0-generate-002 as a strict :predict request', async () => {
    const { result, request } = await generateOnce('gemini', 'google/imagen-3.0-generate-002', {
      prompt: seedPrompt,
      numberOfImages: 1,
    });
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${geminiOrigin}/v1beta/models/imagen-3.0-generate-002:predict`);
    expect(request.headers['x-goog-api-key']).toBe(apiKey);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(
      new RegExp(`^easel/provider-imagen/${VERSION.replaceAll('.', '\\.')} `),
    );
    expect(request.body).toEqual({
      instances: [{ prompt: seedPrompt }],
      parameters: { sampleCount: 1, includeRaiReason: true },
    });
    expect(result.images).toHaveLength(1);
    expect(result.images[0]!.mediaType).toBe('image/png');
    expect(result.images[0]!.base64).toBe(Buffer.from(result.images[0]!.bytes).toString('base64'));
    expect(result.warnings).toEqual([]);
    expect(result.model.path).toBe('google/imagen-3.0-generate-002');
  });

  it.each(seedModelIds)('works with the bare id %s', async modelId => {
    const { result, request } = await generateOnce('gemini', modelId, {
      prompt: seedPrompt,
      numberOfImages: 1,
    });
    expect(request.url).toBe(`${geminiOrigin}/v1beta/models/${modelId}:predict`);
    expect(request.body).toEqual({
      instances: [{ prompt: seedPrompt }],
      parameters: { sampleCount: 1, includeRaiReason: true },
    });
    expect(result.images).toHaveLength(1);
  });

  it('works with the seed body on Vertex AI too', async () => {
    const { request } = await generateOnce('vertex', 'google/imagen-3.0-generate-002', {
      prompt: seedPrompt,
      numberOfImages: 1,
    });
    expect(request.url).toBe(
      `${vertexOrigin}/v1/projects/easel-test/locations/us-central1/publishers/google/models/imagen-3.0-generate-002:predict`,
    );
    expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(request.headers['x-goog-api-key']).toBeUndefined();
    expect(request.body).toEqual({
      instances: [{ prompt: seedPrompt }],
      parameters: { sampleCount: 1, includeRaiReason: true },
    });
  });
});

describe('image counts', () => {
  it('fans numberOfImages beyond four out into calls of at most four', async () => {
    const { mock, easel } = setup('gemini');
    mock.reply(predictAnswer, 2);
    const result = await easel.generate('imagen-4.0-generate-001', {
      prompt: 'a fox',
      numberOfImages: 6,
    });
    expect(result.images).toHaveLength(6);
    expect(mock.requests.map(request => request.body.parameters.sampleCount).sort()).toEqual([
      2, 4,
    ]);
  });

  it('asks Ultra for one image per call', async () => {
    const { mock, easel } = setup('vertex');
    mock.reply(predictAnswer, 3);
    const result = await easel.generate('google/imagen-4.0-ultra-generate-001', {
      prompt: 'a fox',
      n: 3,
    });
    expect(result.images).toHaveLength(3);
    expect(mock.requests.map(request => request.body.parameters.sampleCount)).toEqual([1, 1, 1]);
  });
});

describe('every SDK field', () => {
  it('reaches the wire under its REST name on Vertex AI', async () => {
    const { request, result } = await generateOnce('vertex', 'imagen-4.0-generate-001', {
      prompt: 'a fox',
      numberOfImages: 2,
      aspectRatio: '4:3',
      imageSize: '2K',
      outputMimeType: 'image/jpeg',
      outputCompressionQuality: 75,
      personGeneration: 'DONT_ALLOW',
      safetyFilterLevel: 'block_medium_and_above',
      negativePrompt: 'blurry',
      seed: 1234,
      addWatermark: false,
      enhancePrompt: false,
      includeRaiReason: false,
      includeSafetyAttributes: true,
      language: 'en',
      guidanceScale: 9,
    });
    expect(request.body).toEqual({
      instances: [{ prompt: 'a fox' }],
      parameters: {
        sampleCount: 2,
        aspectRatio: '4:3',
        sampleImageSize: '2K',
        outputOptions: { mimeType: 'image/jpeg', compressionQuality: 75 },
        personGeneration: 'dont_allow',
        safetySetting: 'block_medium_and_above',
        negativePrompt: 'blurry',
        seed: 1234,
        addWatermark: false,
        enhancePrompt: false,
        includeRaiReason: false,
        includeSafetyAttributes: true,
        language: 'en',
        guidanceScale: 9,
      },
    });
    expect(result.warnings).toEqual([]);
    expect(result.images.map(image => image.mediaType)).toEqual(['image/jpeg', 'image/jpeg']);
  });

  it('maps the common names the same way', async () => {
    const { request, result } = await generateOnce('vertex', 'imagen-3.0-generate-002', {
      prompt: 'a fox',
      n: 3,
      aspect_ratio: '9x16',
      output_format: 'jpg',
      negative_prompt: 'blurry',
    });
    expect(request.body.parameters).toEqual({
      sampleCount: 3,
      aspectRatio: '9:16',
      outputOptions: { mimeType: 'image/jpeg' },
      negativePrompt: 'blurry',
      includeRaiReason: true,
    });
    expect(result.warnings).toEqual([]);
  });

  it('sends Gemini-compatible fields on the Gemini API', async () => {
    const { request } = await generateOnce('gemini', 'imagen-4.0-ultra-generate-001', {
      prompt: 'a fox',
      imageSize: '1K',
      personGeneration: 'allow_all',
      safetyFilterLevel: 'BLOCK_LOW_AND_ABOVE',
      includeSafetyAttributes: false,
      language: 'ja',
      guidanceScale: 3.5,
    });
    expect(request.body.parameters).toEqual({
      sampleCount: 1,
      sampleImageSize: '1K',
      personGeneration: 'allow_all',
      safetySetting: 'block_low_and_above',
      includeRaiReason: true,
      includeSafetyAttributes: false,
      language: 'ja',
      guidanceScale: 3.5,
    });
  });

  it('passes unknown fields into parameters when the caller opts in', async () => {
    const { mock, easel } = setup('vertex');
    mock.reply();
    await easel.generate(
      'imagen-3.0-generate-002',
      { prompt: 'a fox', storageUri: 'gs://bucket/out' } as never,
      { unknownKeys: 'passthrough' },
    );
    expect(mock.requests[0]!.body.parameters).toEqual({
      sampleCount: 1,
      includeRaiReason: true,
      storageUri: 'gs://bucket/out',
    });
  });
});

describe('the Vertex-only fields on the Gemini API', () => {
  it('drops seed and negative prompts (common or SDK name) with an unsupported warning', async () => {
    const { request, result } = await generateOnce('gemini', 'imagen-4.0-generate-001', {
      prompt: 'a fox',
      seed: 42,
      negativePrompt: 'blurry',
    });
    expect(request.body.parameters).toEqual({ sampleCount: 1, includeRaiReason: true });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'seed' }),
      expect.objectContaining({ type: 'unsupported', feature: 'negative_prompt' }),
    ]);
  });

  it('refuses addWatermark and enhancePrompt before any request', async () => {
    const { mock, easel } = setup('gemini');
    await expect(
      easel.generate('imagen-4.0-generate-001', { prompt: 'a fox', addWatermark: false }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('addWatermark works only on Vertex AI'),
    });
    await expect(
      easel.generate('imagen-4.0-generate-001', { prompt: 'a fox', enhancePrompt: true }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(mock.requests).toHaveLength(0);
  });
});

describe('imageSize', () => {
  it('is refused on models without it, before any request', async () => {
    const { mock, easel } = setup('vertex');
    await expect(
      easel.generate('imagen-4.0-fast-generate-001', { prompt: 'a fox', imageSize: '2K' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('imageSize works on imagen-4.0-generate-001'),
    });
    expect(mock.requests).toHaveLength(0);
  });
});

describe('size', () => {
  it('is honoured exactly when it is one of Imagen’s sizes', async () => {
    const { request, result } = await generateOnce('gemini', 'imagen-4.0-generate-001', {
      prompt: 'a fox',
      size: '896x1280',
    });
    expect(request.body.parameters).toMatchObject({ aspectRatio: '3:4', sampleImageSize: '1K' });
    expect(result.warnings).toEqual([]);
  });

  it('snaps to the nearest ratio at 1K, with an approximated warning', async () => {
    const { request, result } = await generateOnce('gemini', 'imagen-4.0-generate-001', {
      prompt: 'a fox',
      size: '1920x1080',
    });
    expect(request.body.parameters).toEqual({
      sampleCount: 1,
      aspectRatio: '16:9',
      sampleImageSize: '1K',
      includeRaiReason: true,
    });
    expect(result.warnings).toEqual([
      {
        type: 'approximated',
        feature: 'size',
        requested: '1920x1080',
        used: '1408x768',
        details: expect.stringContaining('sent aspectRatio 16:9 and imageSize 1K'),
      },
    ]);
  });

  it('picks 2K when the area is well above 1K and the model has 2K', async () => {
    const { request, result } = await generateOnce('vertex', 'imagen-4.0-ultra-generate-001', {
      prompt: 'a fox',
      size: '2560x1440',
    });
    expect(request.body.parameters).toMatchObject({ aspectRatio: '16:9', sampleImageSize: '2K' });
    expect(result.warnings[0]).toMatchObject({ type: 'approximated', used: '2816x1536' });
  });

  it('stays at 1K on models without imageSize, and sends no sampleImageSize', async () => {
    const { request, result } = await generateOnce('gemini', 'imagen-4.0-fast-generate-001', {
      prompt: 'a fox',
      size: '2560x1440',
    });
    expect(request.body.parameters).toEqual({
      sampleCount: 1,
      aspectRatio: '16:9',
      includeRaiReason: true,
    });
    expect(result.warnings[0]).toMatchObject({
      type: 'approximated',
      feature: 'size',
      used: '1408x768',
      details: expect.stringContaining('(this model renders at 1K only)'),
    });
  });

  it('keeps an explicit aspect_ratio and imageSize and snaps within them', async () => {
    const { request, result } = await generateOnce('gemini', 'imagen-4.0-generate-001', {
      prompt: 'a fox',
      size: '1024x1024',
      aspect_ratio: '16:9',
      imageSize: '2K',
    });
    expect(request.body.parameters).toMatchObject({ aspectRatio: '16:9', sampleImageSize: '2K' });
    expect(result.warnings).toEqual([
      expect.objectContaining({
        feature: 'size',
        used: '2816x1536',
        details: expect.stringContaining('within the aspect_ratio and imageSize given'),
      }),
    ]);
  });
});

describe('aspect_ratio', () => {
  it('snaps a ratio Imagen does not render, with an approximated warning', async () => {
    const { request, result } = await generateOnce('gemini', 'imagen-3.0-generate-002', {
      prompt: 'a fox',
      aspect_ratio: '7:3',
    });
    expect(request.body.parameters.aspectRatio).toBe('16:9');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'approximated',
        feature: 'aspect_ratio',
        requested: '7:3',
        used: '16:9',
      }),
    ]);
  });
});

describe('output format', () => {
  it('replaces webp with PNG and says so', async () => {
    const { request, result } = await generateOnce('gemini', 'imagen-3.0-generate-002', {
      prompt: 'a fox',
      output_format: 'webp',
    });
    expect(request.body.parameters.outputOptions).toEqual({ mimeType: 'image/png' });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'approximated', feature: 'output_format', used: 'png' }),
    ]);
  });

  it('does not send a JPEG quality for PNG output, and says so', async () => {
    const { request, result } = await generateOnce('gemini', 'imagen-3.0-generate-002', {
      prompt: 'a fox',
      outputCompressionQuality: 60,
    });
    expect(request.body.parameters.outputOptions).toBeUndefined();
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'outputCompressionQuality' }),
    ]);
  });
});

describe('seed on Vertex AI', () => {
  it('sends addWatermark: false with the seed and warns that the watermark is gone', async () => {
    const { request, result } = await generateOnce('vertex', 'imagen-4.0-generate-001', {
      prompt: 'a fox',
      seed: 7,
    });
    expect(request.body.parameters).toMatchObject({ seed: 7, addWatermark: false });
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message: expect.stringContaining('addWatermark: false was sent'),
      },
    ]);
    expect(result.images[0]!.seed).toBe(7);
  });

  it('says nothing when the caller turned the watermark off', async () => {
    const { request, result } = await generateOnce('vertex', 'imagen-4.0-generate-001', {
      prompt: 'a fox',
      seed: 7,
      addWatermark: false,
    });
    expect(request.body.parameters).toMatchObject({ seed: 7, addWatermark: false });
    expect(result.warnings).toEqual([]);
  });

  it('keeps an explicit watermark and drops the seed with a warning', async () => {
    const { request, result } = await generateOnce('vertex', 'imagen-4.0-generate-001', {
      prompt: 'a fox',
      seed: 7,
      addWatermark: true,
    });
    expect(request.body.parameters).toMatchObject({ addWatermark: true });
    expect(request.body.parameters.seed).toBeUndefined();
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'seed' }),
    ]);
  });
});

describe('results', () => {
  it('returns the enhanced prompt as revisedPrompt', async () => {
    const { result } = await generateOnce(
      'vertex',
      'imagen-4.0-generate-001',
      { prompt: 'a fox', enhancePrompt: true, numberOfImages: 2 },
      request => predictAnswer(request, { prompt: 'A red fox in fresh snow, golden hour' }),
    );
    expect(result.images.map(image => image.revisedPrompt)).toEqual([
      'A red fox in fresh snow, golden hour',
      'A red fox in fresh snow, golden hour',
    ]);
  });

  it('keeps safety attributes out of the images and in the metadata', async () => {
    const attributes = { categories: ['Violence'], scores: [0.1] };
    const { result } = await generateOnce(
      'gemini',
      'imagen-3.0-generate-002',
      { prompt: 'a fox', includeSafetyAttributes: true },
      () => ({
        body: {
          predictions: [
            {
              bytesBase64Encoded: imageBase64('png'),
              mimeType: 'image/png',
              safetyAttributes: attributes,
            },
            { safetyAttributes: attributes, contentType: 'Positive Prompt' },
          ],
        },
      }),
    );
    expect(result.images).toHaveLength(1);
    expect(result.images[0]!.providerMetadata).toEqual({
      google: { safetyAttributes: attributes },
    });
    expect(result.providerMetadata).toEqual([
      { google: { api: 'gemini', positivePromptSafetyAttributes: attributes } },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('warns for each filter reason Google sends, saying how many images were withheld', async () => {
    const reason =
      'Your current safety filter threshold filtered out 2 generated images. You will not be charged for blocked images.';
    const { result } = await generateOnce(
      'gemini',
      'imagen-4.0-generate-001',
      { prompt: 'a fox', n: 4 },
      () => ({
        body: {
          predictions: [
            { bytesBase64Encoded: imageBase64('png', 1), mimeType: 'image/png' },
            { bytesBase64Encoded: imageBase64('png', 2), mimeType: 'image/png' },
            { raiFilteredReason: reason },
          ],
        },
      }),
    );
    expect(result.images).toHaveLength(2);
    expect(result.warnings).toEqual([
      { type: 'other', message: `Google's safety filters withheld 2 of 4 images: ${reason}` },
    ]);
    expect(result.providerMetadata[0]).toEqual({
      google: { api: 'gemini', raiFilteredReasons: [reason] },
    });
  });

  it('keeps one warning per reason item, and warns when images are missing without one', async () => {
    const one = await generateOnce(
      'vertex',
      'imagen-3.0-generate-002',
      { prompt: 'a fox', n: 3 },
      () => ({
        body: {
          predictions: [
            { raiFilteredReason: 'filtered: person' },
            { bytesBase64Encoded: imageBase64('png', 1), mimeType: 'image/png' },
            { raiFilteredReason: 'filtered: person' },
          ],
        },
      }),
    );
    expect(one.result.warnings).toEqual([
      {
        type: 'other',
        message: "Google's safety filters withheld 2 of 3 images (reason 1 of 2): filtered: person",
      },
      {
        type: 'other',
        message: "Google's safety filters withheld 2 of 3 images (reason 2 of 2): filtered: person",
      },
    ]);
    const silent = await generateOnce(
      'vertex',
      'imagen-3.0-generate-002',
      { prompt: 'a fox', n: 2, includeRaiReason: false },
      () => ({
        body: { predictions: [{ bytesBase64Encoded: imageBase64('png'), mimeType: 'image/png' }] },
      }),
    );
    expect(silent.result.warnings).toEqual([
      {
        type: 'other',
        message: "Google's safety filters withheld 1 of 2 images, without a reason",
      },
    ]);
  });

  it('throws ContentFilteredError at the output stage when every image was filtered', async () => {
    const reason = 'filtered: the image contained a person';
    for (const body of [{}, { predictions: [{ raiFilteredReason: reason }] }]) {
      const { mock, easel } = setup('vertex');
      mock.reply({ body });
      const error = await easel
        .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
        .catch((thrown: unknown) => thrown);
      expect(ContentFilteredError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ stage: 'output', billed: undefined, status: 200 });
      if ('predictions' in body) expect((error as ContentFilteredError).reason).toBe(reason);
    }
  });

  it('says not billed when Google’s filter reason says so', async () => {
    const reason =
      'Your current safety filter threshold filtered out 1 generated images. You will not be charged for blocked images.';
    const { mock, easel } = setup('vertex');
    mock.reply({ body: { predictions: [{ raiFilteredReason: reason }] } });
    const error = await easel
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ stage: 'output', billed: false, reason });
    expect((error as Error).message).toContain('(not billed)');
  });

  it('reports response info and upstream timing', async () => {
    const { result } = await generateOnce('gemini', 'imagen-3.0-generate-002', { prompt: 'a fox' });
    expect(result.responses[0]).toMatchObject({ modelId: 'imagen-3.0-generate-002' });
    expect(result.responses[0]!.timestamp).toBeInstanceOf(Date);
    expect(result.images[0]!.width).toBe(64);
  });
});
