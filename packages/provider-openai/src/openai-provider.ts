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
import { openaiProviderId } from './openai-api.js';
import { OpenAIImageModel, type OpenAIModelConfig } from './openai-image-model.js';
import { type OpenAIImageModelId, openaiModels } from './openai-options.js';
import { VERSION } from './version.js';

/** Settings of the OpenAI provider: the standard ones plus organization and project. */
export interface OpenAIProviderSettings extends ImageProviderSettings {
  /** API key. Default: `OPENAI_API_KEY`, read when the first request is made. */
  readonly apiKey?: string;
  /** Base URL. Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  readonly baseURL?: string;
  /** Sent as `OpenAI-Organization`. Default: `OPENAI_ORG_ID`. */
  readonly organization?: string;
  /** Sent as `OpenAI-Project`. Default: `OPENAI_PROJECT_ID`. */
  readonly project?: string;
}

/** Model path → input type, for the hub. */
export type OpenAICatalog = ModelCatalog<
  typeof openaiProviderId,
  { [ID in OpenAIImageModelId]: OpenAIImageModel<ID> }
>;

/** The OpenAI provider: callable with a model id, and an `ImageProviderV1`. */
export interface OpenAIProvider extends ImageProviderV1<OpenAICatalog> {
  <ID extends OpenAIImageModelId>(modelId: ID): OpenAIImageModel<ID>;
  imageModel<ID extends OpenAIImageModelId>(modelId: ID): OpenAIImageModel<ID>;
  imageModel(modelId: string): OpenAIImageModel;
}

/** Environment variables read for the key. */
export const openaiApiKeyVariables = ['OPENAI_API_KEY'] as const;

/**
 * Create an OpenAI provider. Creating one never throws: the key is read when the first request
 * is made.
 *
 * @example
 * const openai = createOpenAI({ organization: 'org-…' });
 * await createEasel({ providers: [openai] }).generate('gpt-image-1', { prompt: 'a deer by the lake' });
 */
export function createOpenAI(settings: OpenAIProviderSettings = {}): OpenAIProvider {
  const baseURL = (
    loadSetting(settings.baseURL, ['OPENAI_BASE_URL']) ?? 'https://api.openai.com/v1'
  ).replace(/\/+$/, '');
  const config: OpenAIModelConfig = {
    baseURL,
    transport: createProviderTransport(settings, {
      provider: openaiProviderId,
      packageName: 'provider-openai',
      packageVersion: VERSION,
    }),
    headers: callHeaders =>
      combineHeaders(
        settings.headers,
        {
          authorization: `Bearer ${loadApiKey({ apiKey: settings.apiKey, environmentVariables: openaiApiKeyVariables, provider: openaiProviderId })}`,
          'openai-organization': loadSetting(settings.organization, ['OPENAI_ORG_ID']),
          'openai-project': loadSetting(settings.project, ['OPENAI_PROJECT_ID']),
        },
        callHeaders,
      ),
  };
  const modelIds = Object.keys(openaiModels) as OpenAIImageModelId[];
  const models = new Map(modelIds.map(id => [id, new OpenAIImageModel(id, config)]));
  const imageModel = (modelId: string) => {
    const model = models.get(modelId as OpenAIImageModelId);
    if (model === undefined)
      throw new UnknownModelError({
        model: modelId,
        suggestions: closestMatches(modelId, modelIds),
      });
    return model;
  };
  const provider = ((modelId: string) => imageModel(modelId)) as OpenAIProvider;
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: openaiProviderId,
    modelIds,
    imageModel,
  });
}

/** An OpenAI provider with default settings (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, …). */
export const openai = createOpenAI();
