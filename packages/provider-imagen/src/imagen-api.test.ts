import {
  ContentFilteredError,
  InvalidInputError,
  ProviderError,
  RateLimitError,
  type ResponseLike,
} from '@easel/core';
import { describe, expect, it } from 'vitest';
import { googleErrorBodies } from './__fixtures__/google-error-bodies.js';
import { predictViolations } from './__fixtures__/google-mock.js';
import {
  imagenErrorFromResponse,
  imagenPredictRequest,
  imagenPredictResponseSchema,
  parseGoogleError,
} from './imagen-api.js';

function responseOf(answer: {
  status: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
}): ResponseLike {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return {
    status: answer.status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...answer.headers },
    url: 'https://generativelanguage.googleapis.com/v1beta/models/imagen-3.0-generate-002:predict',
    text: () => text,
  };
}

const gemini = { modelId: 'imagen-3.0-generate-002', api: 'gemini' } as const;
const vertex = { modelId: 'imagen-3.0-generate-002', api: 'vertex' } as const;

describe('imagenPredictRequest', () => {
  it('maps every SDK name to its wire name, in one place', () => {
    const body = imagenPredictRequest('a deer by the lake', {
      numberOfImages: 3,
      aspectRatio: '16:9',
      imageSize: '2K',
      outputMimeType: 'image/jpeg',
      outputCompressionQuality: 80,
      personGeneration: 'ALLOW_ADULT',
      safetyFilterLevel: 'BLOCK_ONLY_HIGH',
      negativePrompt: 'blurry',
      seed: 42,
      addWatermark: false,
      enhancePrompt: true,
      includeRaiReason: true,
      includeSafetyAttributes: true,
      language: 'en',
      guidanceScale: 12.5,
    });
    expect(body).toEqual({
      instances: [{ prompt: 'a deer by the lake' }],
      parameters: {
        sampleCount: 3,
        aspectRatio: '16:9',
        sampleImageSize: '2K',
        outputOptions: { mimeType: 'image/jpeg', compressionQuality: 80 },
        personGeneration: 'allow_adult',
        safetySetting: 'block_only_high',
        negativePrompt: 'blurry',
        seed: 42,
        addWatermark: false,
        enhancePrompt: true,
        includeRaiReason: true,
        includeSafetyAttributes: true,
        language: 'en',
        guidanceScale: 12.5,
      },
    });
    expect(predictViolations(body)).toEqual([]);
  });

  it('is checked by a validator that refuses SDK names on the wire', () => {
    const sdkNamed = { instances: [{ prompt: 'a fox' }], parameters: { numberOfImages: 1 } };
    expect(predictViolations(sdkNamed)).toEqual([
      { path: '/parameters', message: 'must NOT have additional properties ("numberOfImages")' },
    ]);
  });

  it('leaves out what was not set and always sends sampleCount', () => {
    const body = imagenPredictRequest('a fox', { numberOfImages: 1 });
    expect(body).toEqual({ instances: [{ prompt: 'a fox' }], parameters: { sampleCount: 1 } });
    expect(predictViolations(body)).toEqual([]);
  });

  it('puts passthrough fields into parameters, last', () => {
    const body = imagenPredictRequest(
      'a fox',
      { numberOfImages: 1 },
      { storageUri: 'gs://bucket/out' },
    );
    expect(body.parameters).toEqual({ sampleCount: 1, storageUri: 'gs://bucket/out' });
    expect(predictViolations(body)).toEqual([]);
  });
});

describe('imagenPredictResponseSchema', () => {
  it('reads images, enhanced prompts, filtered items and the positive-prompt item', () => {
    const parsed = imagenPredictResponseSchema.parse({
      predictions: [
        { bytesBase64Encoded: 'iVBORw0KGgo=', mimeType: 'image/png', prompt: 'better' },
        { raiFilteredReason: 'filtered' },
        { safetyAttributes: { categories: [], scores: [] }, contentType: 'Positive Prompt' },
      ],
    });
    expect(parsed.predictions).toHaveLength(3);
    expect(imagenPredictResponseSchema.parse({}).predictions).toBeUndefined();
  });
});

describe('parseGoogleError', () => {
  it('reads message, status and the ErrorInfo reason', () => {
    expect(parseGoogleError(responseOf(googleErrorBodies.apiKeyInvalid))).toEqual({
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
      reason: 'API_KEY_INVALID',
    });
    expect(parseGoogleError(responseOf({ status: 500, body: '<html>oops</html>' }))).toBe(
      undefined,
    );
  });
});

describe('imagenErrorFromResponse', () => {
  it('turns the prompt-level block into ContentFilteredError at the input stage', () => {
    const error = imagenErrorFromResponse(responseOf(googleErrorBodies.promptBlocked), gemini);
    expect(ContentFilteredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      stage: 'input',
      billed: false,
      status: 400,
      provider: 'google',
    });
    expect((error as ContentFilteredError).reason).toContain('The prompt could not be submitted');
  });

  it('turns other INVALID_ARGUMENT answers into InvalidInputError with Google’s message', () => {
    const error = imagenErrorFromResponse(responseOf(googleErrorBodies.invalidArgument), vertex);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).message).toContain(
      "Google rejected the request: Person generation 'allow_all' is not available in your region.",
    );
    expect((error as InvalidInputError).model).toBe('google/imagen-3.0-generate-002');
  });

  it('reports an invalid Gemini key as a ProviderError that says which setting to fix', () => {
    const error = imagenErrorFromResponse(responseOf(googleErrorBodies.apiKeyInvalid), gemini);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, providerCode: 'API_KEY_INVALID', retryable: false });
    expect((error as Error).message).toContain('GEMINI_API_KEY');
    expect((error as Error).message).toContain('API key not valid');
  });

  it('reports a 403 on the Gemini API as a key problem', () => {
    const error = imagenErrorFromResponse(responseOf(googleErrorBodies.unregisteredCaller), gemini);
    expect(error).toMatchObject({ status: 403, providerCode: 'PERMISSION_DENIED' });
    expect((error as Error).message).toContain('Google refused the API key');
  });

  it('reports a 401 on Vertex AI as an expired token, with the fix', () => {
    const error = imagenErrorFromResponse(responseOf(googleErrorBodies.tokenExpired), vertex);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, providerCode: 'ACCESS_TOKEN_EXPIRED' });
    expect((error as Error).message).toContain('OAuth access tokens expire');
    expect((error as Error).message).toContain('vertex.accessToken as a function');
  });

  it('reports a 403 on Vertex AI as a missing permission', () => {
    const error = imagenErrorFromResponse(responseOf(googleErrorBodies.permissionDenied), vertex);
    expect(error).toMatchObject({ status: 403, providerCode: 'PERMISSION_DENIED' });
    expect((error as Error).message).toContain('Vertex AI User role');
  });

  it('reports a billing-only answer as a ProviderError, not an input problem', () => {
    const error = imagenErrorFromResponse(responseOf(googleErrorBodies.billedUsersOnly), gemini);
    expect(InvalidInputError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ status: 400, providerCode: 'billing_required' });
  });

  it('explains a 404 as a retired model and names the alternatives', () => {
    const context = { modelId: 'imagen-4.0-generate-preview-05-20', api: 'vertex' } as const;
    const error = imagenErrorFromResponse(
      responseOf(googleErrorBodies.vertexModelNotFound),
      context,
    );
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, providerCode: 'model_retired', retryable: false });
    const message = (error as Error).message;
    expect(message).toContain('imagen-4.0-generate-preview-05-20 was not found on Vertex AI');
    expect(message).toContain('retired upstream');
    for (const current of [
      'imagen-4.0-generate-001',
      'imagen-4.0-ultra-generate-001',
      'imagen-4.0-fast-generate-001',
      'imagen-3.0-generate-002',
    ]) {
      expect(message).toContain(current);
    }
    expect(message).toContain('gemini-2.5-flash-image');
  });

  it('says Imagen is shut down on the Gemini API when a model answers 404 there', () => {
    const context = { modelId: 'imagen-4.0-generate-preview-05-20', api: 'gemini' } as const;
    const error = imagenErrorFromResponse(
      responseOf(googleErrorBodies.geminiModelNotFound),
      context,
    );
    expect((error as Error).message).toContain('Imagen has been shut down on the Gemini API');
    expect((error as Error).message).toContain('is not found for API version v1beta');
  });

  it('maps 429 RESOURCE_EXHAUSTED to RateLimitError with Retry-After', () => {
    const error = imagenErrorFromResponse(responseOf(googleErrorBodies.resourceExhausted), vertex);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      retryAfterMs: 3000,
      providerCode: 'RESOURCE_EXHAUSTED',
    });
    expect((error as Error).message).toContain('Quota exceeded');
  });

  it('falls back to core’s mapping for other answers', () => {
    const internal = imagenErrorFromResponse(responseOf(googleErrorBodies.internal), vertex);
    expect(internal).toMatchObject({ status: 500, providerCode: 'INTERNAL', retryable: true });
    const html = imagenErrorFromResponse(
      responseOf({ status: 502, body: '<html>bad gateway</html>' }),
      vertex,
    );
    expect(ProviderError.isInstance(html)).toBe(true);
    expect((html as Error).message).toContain('bad gateway');
  });
});
