import {
  ConcurrencyLimiter,
  closestMatches,
  combineHeaders,
  createProviderTransport,
  type ImageProviderSettings,
  type ImageProviderV1,
  InvalidInputError,
  loadApiKey,
  loadSetting,
  type ModelCatalog,
  UnknownModelError,
} from '@easel/core';
import { ideogramDefaultBaseURL, ideogramProviderId } from './ideogram-api.js';
import { IdeogramImageModel } from './ideogram-image-model.js';
import type { IdeogramImageModelId } from './ideogram-options.js';
import { VERSION } from './version.js';

/** Settings of the Ideogram provider: core's standard ones plus the in-flight cap. */
export interface IdeogramProviderSettings extends ImageProviderSettings {
  /**
   * API key, sent as `Api-Key`. Default: `IDEOGRAM_API_KEY`, read when the first request is
   * made (creating the provider never needs it).
   */
  readonly apiKey?: string;
  /** Base URL of the API. Default: `IDEOGRAM_BASE_URL`, else `https://api.ideogram.ai`. */
  readonly baseURL?: string;
  /**
   * Most requests this provider instance keeps in flight; more wait their turn (first in, first
   * out) instead of drawing 429s. Ideogram allows 10 concurrent requests per key by default;
   * raise it when Ideogram has raised your limit, lower it when several processes share a key.
   * Result downloads do not count. Default 10.
   */
  readonly maxConcurrentRequests?: number;
}

/** Model path → input type, for the hub: `V3`, `ideogram/V3` and `ideogram-v3`. */
export type IdeogramCatalog = ModelCatalog<typeof ideogramProviderId, { V3: IdeogramImageModel }>;

/** The Ideogram provider: callable with a model id, and an `ImageProviderV1`. */
export interface IdeogramProvider extends ImageProviderV1<IdeogramCatalog> {
  (modelId: IdeogramImageModelId): IdeogramImageModel;
  /** The model with this id or alias (any case); otherwise an `UnknownModelError`. */
  imageModel(modelId: IdeogramImageModelId | (string & Record<never, never>)): IdeogramImageModel;
}

/** Environment variables read for the key. */
export const ideogramApiKeyVariables = ['IDEOGRAM_API_KEY'] as const;

/** Default of `maxConcurrentRequests`: Ideogram's default in-flight limit per key. */
export const ideogramDefaultMaxConcurrentRequests = 10;

const modelIds: readonly IdeogramImageModelId[] = ['V3'];

function concurrencyLimiter(maxConcurrentRequests: number | undefined): ConcurrencyLimiter {
  const limit = maxConcurrentRequests ?? ideogramDefaultMaxConcurrentRequests;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidInputError({
      issues: [
        {
          path: ['maxConcurrentRequests'],
          message: 'expected a positive integer (Ideogram’s default limit is 10)',
          received: String(limit),
        },
      ],
    });
  }
  return new ConcurrencyLimiter(limit);
}

/**
 * Create an Ideogram provider. The key is read when the first request is made, so creating one
 * never throws for a missing key (an invalid `maxConcurrentRequests` is an `InvalidInputError`).
 *
 * @example
 * const ideogram = createIdeogram({ maxConcurrentRequests: 4 });
 * await createEasel({ providers: [ideogram] }).generate('ideogram/V3', { prompt: 'a deer by the lake' });
 */
export function createIdeogram(settings: IdeogramProviderSettings = {}): IdeogramProvider {
  const baseURL = (
    loadSetting(settings.baseURL, ['IDEOGRAM_BASE_URL']) ?? ideogramDefaultBaseURL
  ).replace(/\/+$/, '');
  const model = new IdeogramImageModel({
    baseURL,
    transport: createProviderTransport(settings, {
      provider: ideogramProviderId,
      packageName: 'provider-ideogram',
      packageVersion: VERSION,
    }),
    limiter: concurrencyLimiter(settings.maxConcurrentRequests),
    apiKey: () =>
      loadApiKey({
        apiKey: settings.apiKey,
        environmentVariables: ideogramApiKeyVariables,
        provider: ideogramProviderId,
      }),
    headers: (apiKey, callHeaders) =>
      combineHeaders(settings.headers, { 'api-key': apiKey }, callHeaders),
  });
  const names = [model.modelId, ...model.aliases].map(name => name.toLowerCase());
  const imageModel = (modelId: string): IdeogramImageModel => {
    if (!names.includes(modelId.toLowerCase())) {
      throw new UnknownModelError({
        model: modelId,
        suggestions: closestMatches(modelId, [...modelIds, ...model.aliases]),
      });
    }
    return model;
  };
  const provider = ((modelId: string) => imageModel(modelId)) as IdeogramProvider;
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: ideogramProviderId,
    modelIds,
    imageModel,
  });
}

/** An Ideogram provider with default settings (`IDEOGRAM_API_KEY`, `IDEOGRAM_BASE_URL`). */
export const ideogram = createIdeogram();
