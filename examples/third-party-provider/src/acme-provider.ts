import {
  closestMatches,
  combineHeaders,
  createProviderTransport,
  type ImageProviderSettings,
  type ImageProviderV1,
  loadApiKey,
  loadSetting,
  type ModelCatalog,
  UnknownModelError,
} from '@easel/core';
import { acmeDefaultBaseURL, acmeProviderId } from './acme-api.js';
import { AcmeImageModel, type AcmeModelConfig } from './acme-image-model.js';
import { type AcmeModelId, type AcmeStyle, acmeModelIds, isAcmeModelId } from './acme-options.js';
import { VERSION } from './version.js';

/** Settings of the Acme provider: core's standard ones plus a default style. */
export interface AcmeProviderSettings extends ImageProviderSettings {
  /** API key, sent as `x-api-key`. Default: `ACME_API_KEY`, read when the first request is made. */
  readonly apiKey?: string;
  /** Base URL, without the `/v1/…` path. Default: `ACME_BASE_URL`, else Acme's own. */
  readonly baseURL?: string;
  /** The `style` sent when the input names none. Default: none (Acme picks `photo`). */
  readonly defaultStyle?: AcmeStyle;
}

/** Model path → input type, for the hub. */
export type AcmeCatalog = ModelCatalog<
  typeof acmeProviderId,
  { [ID in AcmeModelId]: AcmeImageModel<ID> }
>;

/** The Acme provider: callable with a model id, and an `ImageProviderV1`. */
export interface AcmeProvider extends ImageProviderV1<AcmeCatalog> {
  /** The model with this id, e.g. `acme('acme-1')`. */
  <ID extends AcmeModelId>(modelId: ID): AcmeImageModel<ID>;
  /** The model with this id; an unknown id is an `UnknownModelError` with suggestions. */
  imageModel<ID extends AcmeModelId>(modelId: ID): AcmeImageModel<ID>;
  imageModel(modelId: string): AcmeImageModel;
}

/** Environment variables read for the key. */
export const acmeApiKeyVariables = ['ACME_API_KEY'] as const;

/**
 * Create an Acme provider. Creating one never throws: the key is read when the first request is
 * made.
 *
 * @example
 * const easel = createEasel({ providers: [createAcme({ defaultStyle: 'watercolor' })] });
 * await easel.generate('acme/acme-1', { prompt: 'a lighthouse at dusk', n: 2 });
 */
export function createAcme(settings: AcmeProviderSettings = {}): AcmeProvider {
  const config: AcmeModelConfig = {
    baseURL: (loadSetting(settings.baseURL, ['ACME_BASE_URL']) ?? acmeDefaultBaseURL).replace(
      /\/+$/,
      '',
    ),
    transport: createProviderTransport(settings, {
      provider: acmeProviderId,
      packageName: 'example-acme',
      packageVersion: VERSION,
    }),
    defaultStyle: settings.defaultStyle,
    headers: callHeaders =>
      combineHeaders(
        settings.headers,
        {
          'x-api-key': loadApiKey({
            apiKey: settings.apiKey,
            environmentVariables: acmeApiKeyVariables,
            provider: acmeProviderId,
          }),
        },
        callHeaders,
      ),
  };
  const models = new Map<AcmeModelId, AcmeImageModel>();
  const imageModel = (modelId: string): AcmeImageModel => {
    if (!isAcmeModelId(modelId)) {
      throw new UnknownModelError({
        model: modelId,
        suggestions: closestMatches(modelId, acmeModelIds),
      });
    }
    let model = models.get(modelId);
    if (model === undefined) {
      model = new AcmeImageModel(modelId, config);
      models.set(modelId, model);
    }
    return model;
  };
  const provider = ((modelId: string) => imageModel(modelId)) as AcmeProvider;
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: acmeProviderId,
    modelIds: [...acmeModelIds],
    imageModel,
  });
}

/** An Acme provider with default settings (`ACME_API_KEY`, `ACME_BASE_URL`). */
export const acme = createAcme();
