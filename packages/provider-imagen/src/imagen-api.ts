/**
 * The wire protocol of Imagen's `:predict` endpoint, the same on both APIs:
 *
 *   Gemini API  POST {base}/models/{model}:predict                      x-goog-api-key: <key>
 *   Vertex AI   POST {base}/projects/{p}/locations/{l}/publishers/google/models/{model}:predict
 *                                                                        Authorization: Bearer <token>
 *   body        { instances: [{ prompt }], parameters: { sampleCount, aspectRatio, sampleImageSize,
 *                 outputOptions: { mimeType, compressionQuality }, safetySetting, … } }
 *   200         { predictions?: [{ bytesBase64Encoded | gcsUri, mimeType, prompt?, raiFilteredReason?,
 *                 safetyAttributes?, contentType? }] }; filtered images are missing or carry only
 *                 raiFilteredReason; with includeSafetyAttributes one extra item has
 *                 contentType "Positive Prompt"
 *   errors      { error: { code, message, status, details? } } (google.rpc.Status)
 */
import {
  ContentFilteredError,
  InvalidInputError,
  type ProviderError,
  providerErrorFromResponse,
  type ResponseLike,
} from '@easel/core';
import { z } from 'zod';
import {
  type ImagenApi,
  type ImagenAspectRatio,
  type ImagenImageSize,
  type ImagenOutputMimeType,
  type ImagenPersonGeneration,
  type ImagenSafetyFilterLevel,
  imagenModelIds,
  imagenModels,
} from './imagen-options.js';

/** Provider id: model paths are `google/<model id>`. */
export const imagenProviderId = 'google';

/** One request's settings under the `@google/genai` names (`GenerateImagesConfig`). */
export interface ImagenGenerateImagesConfig {
  readonly numberOfImages: number;
  readonly aspectRatio?: ImagenAspectRatio;
  readonly imageSize?: ImagenImageSize;
  readonly outputMimeType?: ImagenOutputMimeType;
  readonly outputCompressionQuality?: number;
  readonly personGeneration?: ImagenPersonGeneration;
  readonly safetyFilterLevel?: ImagenSafetyFilterLevel;
  readonly negativePrompt?: string;
  readonly seed?: number;
  readonly addWatermark?: boolean;
  readonly enhancePrompt?: boolean;
  readonly includeRaiReason?: boolean;
  readonly includeSafetyAttributes?: boolean;
  readonly language?: string;
  readonly guidanceScale?: number;
}

/** The `:predict` request body. */
export interface ImagenPredictRequest {
  readonly instances: [{ readonly prompt: string }];
  readonly parameters: Readonly<Record<string, unknown>>;
}

function definedEntries(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/**
 * The one place where SDK names become wire names: `numberOfImages` → `sampleCount`, `imageSize`
 * → `sampleImageSize`, `outputMimeType` / `outputCompressionQuality` → `outputOptions`,
 * `safetyFilterLevel` → `safetySetting`; enum values in the REST docs' lower case. `passthrough`
 * fields (unknown keys the caller chose to send verbatim) go into `parameters`, last.
 */
export function imagenPredictRequest(
  prompt: string,
  config: ImagenGenerateImagesConfig,
  passthrough?: Readonly<Record<string, unknown>>,
): ImagenPredictRequest {
  const outputOptions = definedEntries({
    mimeType: config.outputMimeType,
    compressionQuality: config.outputCompressionQuality,
  });
  const parameters = definedEntries({
    sampleCount: config.numberOfImages,
    aspectRatio: config.aspectRatio,
    sampleImageSize: config.imageSize,
    outputOptions: Object.keys(outputOptions).length > 0 ? outputOptions : undefined,
    personGeneration: config.personGeneration?.toLowerCase(),
    safetySetting: config.safetyFilterLevel?.toLowerCase(),
    negativePrompt: config.negativePrompt,
    seed: config.seed,
    addWatermark: config.addWatermark,
    enhancePrompt: config.enhancePrompt,
    includeRaiReason: config.includeRaiReason,
    includeSafetyAttributes: config.includeSafetyAttributes,
    language: config.language,
    guidanceScale: config.guidanceScale,
  });
  return { instances: [{ prompt }], parameters: { ...parameters, ...passthrough } };
}

/**
 * A base64 value of a large answer: a string, or (from `readJsonResponse` with `base64As: 'bytes'`)
 * its ASCII bytes, a view of the response body.
 */
const base64Text = z.union([z.string(), z.instanceof(Uint8Array)]);

/** A `:predict` answer: only the fields the adapter reads. */
export const imagenPredictResponseSchema = z.object({
  predictions: z
    .array(
      z.object({
        bytesBase64Encoded: base64Text.nullish(),
        mimeType: z.string().nullish(),
        prompt: z.string().nullish(),
        raiFilteredReason: z.string().nullish(),
        gcsUri: z.string().nullish(),
        safetyAttributes: z.unknown().optional(),
        contentType: z.string().nullish(),
      }),
    )
    .nullish(),
});

/** A parsed `:predict` answer. */
export type ImagenPredictResponse = z.output<typeof imagenPredictResponseSchema>;

/** The `contentType` of the prediction that carries the prompt's safety scores, not an image. */
export const positivePromptContentType = 'Positive Prompt';

const googleErrorSchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    status: z.string().nullish(),
    details: z.array(z.object({ reason: z.string().nullish() })).nullish(),
  }),
});

/** Google's `{ error: { code, message, status, details } }`, when the body is one. */
export function parseGoogleError(
  response: ResponseLike,
): { message?: string; status?: string; reason?: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(response.text());
  } catch {
    return undefined;
  }
  const parsed = googleErrorSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { message, status, details } = parsed.data.error;
  const reason = details?.find(detail => detail.reason)?.reason ?? undefined;
  return {
    ...(message ? { message } : {}),
    ...(status ? { status } : {}),
    ...(reason ? { reason } : {}),
  };
}

/**
 * Google's prompt-level safety block: a 400 INVALID_ARGUMENT whose message reads "Image
 * generation failed with the following error: The prompt could not be submitted. This prompt
 * contains sensitive words that violate Google's Responsible AI practices…".
 */
const promptBlockedPattern =
  /prompt could not be submitted|sensitive words|violates? .*(responsible ai|usage guidelines)/i;

const billingPattern = /only accessible to billed users/i;

/** What the error mapper needs to know about the request that failed. */
export interface ImagenErrorContext {
  readonly modelId: string;
  readonly api: ImagenApi;
}

const apiNames: Record<ImagenApi, string> = { gemini: 'the Gemini API', vertex: 'Vertex AI' };

function retiredModelMessage(
  context: ImagenErrorContext,
  googleMessage: string | undefined,
): string {
  const alternatives = imagenModelIds.filter(
    modelId => imagenModels[modelId].stage === 'ga' && modelId !== context.modelId,
  );
  const quoted = googleMessage ? ` ("${googleMessage}")` : '';
  const where =
    context.api === 'gemini'
      ? `Imagen has been shut down on the Gemini API; the current Imagen ids (${alternatives.join(', ')}) still run on Vertex AI, where Imagen is deprecated: createImagen({ vertex: { project, location, accessToken } }).`
      : `Imagen is deprecated on Vertex AI and retired ids answer 404 (so do a wrong project or location). Current Imagen ids: ${alternatives.join(', ')}.`;
  return `${context.modelId} was not found on ${apiNames[context.api]}${quoted}: the model was most likely retired upstream. ${where} Google's replacement is the Gemini image models (gemini-*-image, e.g. gemini-2.5-flash-image, served by generateContent).`;
}

function authenticationMessage(
  status: number,
  context: ImagenErrorContext,
  googleMessage: string | undefined,
): string {
  const quoted = googleMessage ? ` ("${googleMessage}")` : '';
  if (context.api === 'gemini') {
    return `Google refused the API key${quoted}. Check the apiKey setting or GEMINI_API_KEY / GOOGLE_API_KEY; Imagen on the Gemini API also needs a paid-tier key.`;
  }
  if (status === 401) {
    return `Vertex AI rejected the access token${quoted}. OAuth access tokens expire after about an hour: pass vertex.accessToken as a function that returns a fresh token (it is called for every request), e.g. from google-auth-library.`;
  }
  return `Vertex AI refused the request${quoted}. The account behind the access token needs the Vertex AI User role (aiplatform.endpoints.predict) on the project, and the Vertex AI API must be enabled there.`;
}

/**
 * The typed error for an error answer of Imagen:
 * - 400 with the prompt-level safety block → `ContentFilteredError` (stage `input`, not billed);
 * - 400 `API_KEY_INVALID`, 401, 403 → `ProviderError` that says what to fix (key vs token);
 * - 400 "only accessible to billed users" → `ProviderError` (`billing_required`);
 * - other 400 INVALID_ARGUMENT → `InvalidInputError` with Google's message (Easel validated the
 *   input already, so what is left is Google's own rule: a region-restricted `allow_all`, a prompt
 *   over 480 tokens, an unsupported `language`);
 * - 404 → `ProviderError` (`model_retired`) naming the current ids and the Gemini image models;
 * - anything else (429 → `RateLimitError`) → core's mapping, with Google's message and status.
 */
export function imagenErrorFromResponse(
  response: ResponseLike,
  context: ImagenErrorContext,
): ContentFilteredError | InvalidInputError | ProviderError {
  const google = parseGoogleError(response);
  const message = google?.message;
  const status = response.status;
  if (status === 400 && message !== undefined && promptBlockedPattern.test(message)) {
    return new ContentFilteredError({
      provider: imagenProviderId,
      stage: 'input',
      reason: message,
      billed: false,
      status,
    });
  }
  const details = (text: string | undefined, providerCode: string | undefined) => ({
    ...(text === undefined ? {} : { message: text }),
    ...(providerCode === undefined ? {} : { providerCode }),
  });
  if (status === 404) {
    return providerErrorFromResponse(
      response,
      imagenProviderId,
      details(retiredModelMessage(context, message), 'model_retired'),
    );
  }
  if (status === 401 || status === 403 || google?.reason === 'API_KEY_INVALID') {
    return providerErrorFromResponse(
      response,
      imagenProviderId,
      details(authenticationMessage(status, context, message), google?.reason ?? google?.status),
    );
  }
  if (status === 400 && message !== undefined && billingPattern.test(message)) {
    return providerErrorFromResponse(
      response,
      imagenProviderId,
      details(
        `${message} Imagen needs a billed Google account (on the Gemini API, a paid-tier key).`,
        'billing_required',
      ),
    );
  }
  if (status === 400 && google?.status === 'INVALID_ARGUMENT' && message !== undefined) {
    return new InvalidInputError({
      issues: [{ path: [], message: `Google rejected the request: ${message}` }],
      model: `${imagenProviderId}/${context.modelId}`,
    });
  }
  return providerErrorFromResponse(response, imagenProviderId, details(message, google?.status));
}
