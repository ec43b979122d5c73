import {
  closestMatches,
  combineHeaders,
  createProviderTransport,
  type ImageProviderSettings,
  type ImageProviderV1,
  type InputIssue,
  InvalidInputError,
  loadApiKey,
  loadSetting,
  type ModelCatalog,
  UnknownModelError,
} from '@easel/core';
import {
  type StabilityResponseMode,
  stabilityAcceptHeaders,
  stabilityDefaultBaseURL,
  stabilityGeneratePath,
  stabilityProviderId,
  stabilityRateLimitPenaltyMs,
} from './stability-api.js';
import { StabilityImageModel, type StabilityModelConfig } from './stability-image-model.js';
import {
  isStabilityModelId,
  type StabilityModelId,
  stabilityModelIds,
} from './stability-options.js';
import { VERSION } from './version.js';

/** Settings of the Stability provider: core's standard ones, client identification, answer handling. */
export interface StabilityProviderSettings extends ImageProviderSettings {
  /**
   * API key, sent as `authorization: Bearer <key>`. Default: `STABILITY_API_KEY`, read when the
   * first request is made.
   */
  readonly apiKey?: string;
  /** Base URL, without the `/v2beta/…` path. Default: `STABILITY_BASE_URL`, else `https://api.stability.ai`. */
  readonly baseURL?: string;
  /** Your application's name, sent as `stability-client-id` (at most 256 characters). */
  readonly clientId?: string;
  /** Your end user's id, sent as `stability-client-user-id` (at most 256 characters), for abuse monitoring. */
  readonly clientUserId?: string;
  /** Your application's version, sent as `stability-client-version` (at most 256 characters). */
  readonly clientVersion?: string;
  /**
   * How Stability sends the image: `bytes` (default; `accept: image/*`, the raw image as the
   * body, no base64 round trip) or `json` (`accept: application/json`, base64 in a JSON body, for
   * proxies that cannot pass binary bodies). The answer is read by its content type either way.
   */
  readonly responseMode?: StabilityResponseMode;
  /**
   * When Stability blurs a result (finish reason `CONTENT_FILTERED`): `false` (default) returns
   * the blurred image with `contentFiltered: true` and a warning; `true` fails the call with
   * `ContentFilteredError` (stage `output`). The `strict_moderation` input field overrides it per
   * call.
   */
  readonly strictModeration?: boolean;
}

/** Model path → input type, for the hub. */
export type StabilityCatalog = ModelCatalog<
  typeof stabilityProviderId,
  { [ID in StabilityModelId]: StabilityImageModel<ID> }
>;

/** The Stability provider: callable with a model id, and an `ImageProviderV1`. */
export interface StabilityProvider extends ImageProviderV1<StabilityCatalog> {
  /** The model with this id, e.g. `stability('Stable-Diffusion-3-5-Large')`. */
  <ID extends StabilityModelId>(modelId: ID): StabilityImageModel<ID>;
  /** The model with this id; an unknown id is an `UnknownModelError` with suggestions. */
  imageModel<ID extends StabilityModelId>(modelId: ID): StabilityImageModel<ID>;
  imageModel(modelId: string): StabilityImageModel;
}

/** Environment variables read for the key. */
export const stabilityApiKeyVariables = ['STABILITY_API_KEY'] as const;

const clientHeaders = {
  clientId: 'stability-client-id',
  clientUserId: 'stability-client-user-id',
  clientVersion: 'stability-client-version',
} as const;

const clientHeaderMaxLength = 256;

/** The client-id headers; an over-long value is an `InvalidInputError` naming the setting. */
function clientIdentification(settings: StabilityProviderSettings): Record<string, string> {
  const headers: Record<string, string> = {};
  const issues: InputIssue[] = [];
  for (const [setting, header] of Object.entries(clientHeaders)) {
    const value = settings[setting as keyof typeof clientHeaders];
    if (value === undefined || value === '') continue;
    if (value.length > clientHeaderMaxLength) {
      issues.push({
        path: [setting],
        message: `Stability accepts at most ${clientHeaderMaxLength} characters in ${header}, received ${value.length}`,
      });
    }
    headers[header] = value;
  }
  if (issues.length > 0) throw new InvalidInputError({ issues });
  return headers;
}

/**
 * Create a Stability provider. Creating one never throws: the key, the base URL and the client
 * ids are read and checked when a request is made.
 *
 * @example
 * const stability = createStability({ clientId: 'my-app', clientVersion: '1.2.0' });
 * await createEasel({ providers: [stability] }).generate('stability/Stable-Diffusion-3-5-Large', {
 *   prompt: 'A deer drinking in the lake',
 *   n: 1,
 * });
 */
export function createStability(settings: StabilityProviderSettings = {}): StabilityProvider {
  const config: StabilityModelConfig = {
    generateUrl: () =>
      `${(loadSetting(settings.baseURL, ['STABILITY_BASE_URL']) ?? stabilityDefaultBaseURL).replace(/\/+$/, '')}${stabilityGeneratePath}`,
    // A 429 from Stability names no Retry-After, yet a retry inside the 60 s penalty cannot pass.
    transport: createProviderTransport(
      settings.retry === false
        ? settings
        : {
            ...settings,
            retry: { assumedRetryAfterMs: stabilityRateLimitPenaltyMs, ...settings.retry },
          },
      {
        provider: stabilityProviderId,
        packageName: 'provider-stability',
        packageVersion: VERSION,
      },
    ),
    strictModeration: settings.strictModeration ?? false,
    headers: callHeaders =>
      combineHeaders(
        { accept: stabilityAcceptHeaders[settings.responseMode ?? 'bytes'] },
        settings.headers,
        {
          authorization: `Bearer ${loadApiKey({ apiKey: settings.apiKey, environmentVariables: stabilityApiKeyVariables, provider: stabilityProviderId })}`,
        },
        clientIdentification(settings),
        callHeaders,
      ),
  };
  const models = new Map<StabilityModelId, StabilityImageModel>();
  const imageModel = (modelId: string): StabilityImageModel => {
    if (!isStabilityModelId(modelId)) {
      throw new UnknownModelError({
        model: modelId,
        suggestions: closestMatches(modelId, stabilityModelIds),
      });
    }
    let model = models.get(modelId);
    if (model === undefined) {
      model = new StabilityImageModel(modelId, config);
      models.set(modelId, model);
    }
    return model;
  };
  const provider = ((modelId: string) => imageModel(modelId)) as StabilityProvider;
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: stabilityProviderId,
    modelIds: [...stabilityModelIds],
    imageModel,
  });
}

/** A Stability provider with default settings (`STABILITY_API_KEY`, `STABILITY_BASE_URL`). */
export const stability = createStability();
