import {
  closestMatches,
  combineHeaders,
  createProviderTransport,
  type ImageProviderSettings,
  type ImageProviderV1,
  loadApiKey,
  loadSetting,
  type ModelCatalog,
  type PollInterval,
  UnknownModelError,
} from '@easel/core';
import { VERSION } from '../version.js';
import { referenceProviderId } from './reference-api.js';
import { ReferenceImageModel, type ReferenceModelConfig } from './reference-image-model.js';
import { ReferenceJobModel } from './reference-job-model.js';

/** Settings of the reference provider: the standard ones plus the polling cadence. */
export interface ReferenceProviderSettings extends ImageProviderSettings {
  /** Polling cadence of `ref-async` jobs. */
  readonly pollInterval?: Partial<PollInterval>;
}

/** Model ids of the reference provider. */
export type ReferenceModelId = 'ref-sync' | 'ref-async';

/** Model path → input type, for the hub. */
export type ReferenceCatalog = ModelCatalog<
  typeof referenceProviderId,
  { 'ref-sync': ReferenceImageModel; 'ref-async': ReferenceJobModel }
>;

/** The reference provider: callable with a model id, and an `ImageProviderV1`. */
export interface ReferenceProvider extends ImageProviderV1<ReferenceCatalog> {
  (modelId: 'ref-sync'): ReferenceImageModel;
  (modelId: 'ref-async'): ReferenceJobModel;
  imageModel(modelId: 'ref-sync'): ReferenceImageModel;
  imageModel(modelId: 'ref-async'): ReferenceJobModel;
  imageModel(modelId: string): ReferenceImageModel | ReferenceJobModel;
}

/** Environment variables read for the key. */
export const referenceApiKeyVariables = ['EASEL_REFERENCE_API_KEY'] as const;

/**
 * Create a reference provider. The key is read from the settings or `EASEL_REFERENCE_API_KEY`
 * when the first request is made, so creating one never throws.
 */
export function createReference(settings: ReferenceProviderSettings = {}): ReferenceProvider {
  const baseURL = (
    loadSetting(settings.baseURL, ['EASEL_REFERENCE_BASE_URL']) ?? 'https://api.reference.invalid'
  ).replace(/\/+$/, '');
  const config: ReferenceModelConfig = {
    baseURL,
    transport: createProviderTransport(settings, {
      provider: referenceProviderId,
      packageName: 'testkit',
      packageVersion: VERSION,
    }),
    headers: callHeaders =>
      combineHeaders(
        settings.headers,
        {
          authorization: `Bearer ${loadApiKey({ apiKey: settings.apiKey, environmentVariables: referenceApiKeyVariables, provider: referenceProviderId })}`,
        },
        callHeaders,
      ),
  };
  const models = {
    'ref-sync': new ReferenceImageModel(config),
    'ref-async': new ReferenceJobModel(config, settings.pollInterval),
  };
  const imageModel = (modelId: string) => {
    const model = models[modelId as ReferenceModelId];
    if (model === undefined) {
      throw new UnknownModelError({
        model: modelId,
        suggestions: closestMatches(modelId, Object.keys(models)),
      });
    }
    return model;
  };
  const provider = ((modelId: string) => imageModel(modelId)) as ReferenceProvider;
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: referenceProviderId,
    modelIds: Object.keys(models),
    imageModel,
  });
}

/** A reference provider with default settings. */
export const reference = createReference();
