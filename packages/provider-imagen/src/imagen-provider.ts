import {
  closestMatches,
  combineHeaders,
  createProviderTransport,
  type ImageProviderSettings,
  type ImageProviderV1,
  loadApiKey,
  loadSetting,
  MissingApiKeyError,
  type ModelCatalog,
  ProviderError,
  registerSecret,
  UnknownModelError,
} from '@easel/core';
import { imagenProviderId } from './imagen-api.js';
import { ImagenImageModel, type ImagenModelConfig } from './imagen-image-model.js';
import {
  type ImagenApi,
  type ImagenModelId,
  imagenModelIds,
  isImagenModelId,
} from './imagen-options.js';
import { VERSION } from './version.js';

/** Settings of Vertex AI. Every field falls back to an environment variable, read per request. */
export interface ImagenVertexSettings {
  /**
   * Google Cloud project id. Required. Default: `GOOGLE_VERTEX_PROJECT`, then
   * `GOOGLE_CLOUD_PROJECT`. Missing → `MissingApiKeyError` naming `vertex.project` and both
   * variables.
   */
  readonly project?: string;
  /**
   * Region, e.g. `us-central1`, `europe-west4`, or `global`. Default: `GOOGLE_VERTEX_LOCATION`,
   * then `GOOGLE_CLOUD_LOCATION`, then `us-central1`.
   */
  readonly location?: string;
  /**
   * OAuth 2 access token, or a function returning one. A function is called for every request
   * (tokens expire after about an hour), e.g. `async () => (await auth.getAccessToken()).token`
   * with google-auth-library. Default: `GOOGLE_VERTEX_ACCESS_TOKEN`. Missing →
   * `MissingApiKeyError` naming `vertex.accessToken` and the variable.
   */
  readonly accessToken?: string | (() => string | Promise<string>);
  /**
   * Base URL, up to and including the version. Default: the `baseURL` setting, then
   * `GOOGLE_VERTEX_BASE_URL`, then `https://{location}-aiplatform.googleapis.com/v1`
   * (`https://aiplatform.googleapis.com/v1` for `global`).
   */
  readonly baseURL?: string;
}

/** Settings of the Imagen provider: core's standard ones plus the choice of API. */
export interface ImagenProviderSettings extends ImageProviderSettings {
  /**
   * Gemini API key, sent as `x-goog-api-key`. Default: `GEMINI_API_KEY`, then `GOOGLE_API_KEY`,
   * read when the first request is made. Not used on Vertex AI (see `vertex.accessToken`).
   */
  readonly apiKey?: string;
  /**
   * Base URL of the API in use, up to and including the version. Gemini API default:
   * `GEMINI_BASE_URL`, then `https://generativelanguage.googleapis.com/v1beta`. On Vertex AI,
   * `vertex.baseURL` takes precedence.
   */
  readonly baseURL?: string;
  /**
   * Use Vertex AI instead of the Gemini API: `true` (project, location and token from the
   * environment) or its settings. Default: the Gemini API. Seed and negative prompt exist only
   * on Vertex AI, so the models' capabilities follow this choice.
   */
  readonly vertex?: boolean | ImagenVertexSettings;
}

/** Model path → input type, for the hub. */
export type ImagenCatalog = ModelCatalog<
  typeof imagenProviderId,
  Record<ImagenModelId, ImagenImageModel>
>;

/** The Imagen provider: callable with a model id, and an `ImageProviderV1`. */
export interface ImagenProvider extends ImageProviderV1<ImagenCatalog> {
  (modelId: ImagenModelId): ImagenImageModel;
  /** The model with this id; an unknown id is an `UnknownModelError` with suggestions. */
  imageModel(modelId: ImagenModelId | (string & Record<never, never>)): ImagenImageModel;
  /** The API this instance calls: `gemini` or `vertex`. */
  readonly api: ImagenApi;
}

/** Environment variables of the Gemini API key, in order. */
export const geminiApiKeyVariables = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;
/** Environment variable of the Vertex AI access token. */
export const vertexAccessTokenVariables = ['GOOGLE_VERTEX_ACCESS_TOKEN'] as const;
/** Environment variables of the Vertex AI project, in order. */
export const vertexProjectVariables = ['GOOGLE_VERTEX_PROJECT', 'GOOGLE_CLOUD_PROJECT'] as const;
/** Environment variables of the Vertex AI location, in order. */
export const vertexLocationVariables = ['GOOGLE_VERTEX_LOCATION', 'GOOGLE_CLOUD_LOCATION'] as const;

const defaultGeminiBaseURL = 'https://generativelanguage.googleapis.com/v1beta';
const defaultVertexLocation = 'us-central1';

/** Where requests go and how they authenticate, for one API. */
interface ImagenEndpoint {
  predictUrl(modelId: ImagenModelId): string;
  credentials(): Promise<Record<string, string>>;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function geminiEndpoint(settings: ImagenProviderSettings): ImagenEndpoint {
  return {
    predictUrl: modelId => {
      const base = loadSetting(settings.baseURL, ['GEMINI_BASE_URL']) ?? defaultGeminiBaseURL;
      return `${withoutTrailingSlash(base)}/models/${modelId}:predict`;
    },
    credentials: async () => ({
      'x-goog-api-key': loadApiKey({
        apiKey: settings.apiKey,
        environmentVariables: geminiApiKeyVariables,
        provider: imagenProviderId,
      }),
    }),
  };
}

async function vertexAccessToken(
  accessToken: ImagenVertexSettings['accessToken'],
): Promise<string> {
  if (typeof accessToken !== 'function') {
    return loadApiKey({
      apiKey: accessToken,
      environmentVariables: vertexAccessTokenVariables,
      provider: imagenProviderId,
      option: 'vertex.accessToken',
      label: 'Vertex AI access token',
    });
  }
  let token: unknown;
  try {
    token = await accessToken();
  } catch (error) {
    throw new ProviderError({
      provider: imagenProviderId,
      message: `vertex.accessToken() failed: ${error instanceof Error ? error.message : String(error)}`,
      providerCode: 'access_token_failed',
      retryable: false,
      cause: error,
    });
  }
  if (typeof token !== 'string' || token === '') {
    throw new MissingApiKeyError({
      provider: imagenProviderId,
      option: 'vertex.accessToken',
      environmentVariables: vertexAccessTokenVariables,
      label: 'Vertex AI access token',
    });
  }
  registerSecret(token);
  return token;
}

function vertexEndpoint(
  settings: ImagenProviderSettings,
  vertex: ImagenVertexSettings,
): ImagenEndpoint {
  return {
    predictUrl: modelId => {
      const project = loadSetting(vertex.project, vertexProjectVariables);
      if (project === undefined) {
        throw new MissingApiKeyError({
          provider: imagenProviderId,
          option: 'vertex.project',
          environmentVariables: vertexProjectVariables,
          label: 'Vertex AI project',
        });
      }
      const location =
        loadSetting(vertex.location, vertexLocationVariables) ?? defaultVertexLocation;
      const host =
        location === 'global'
          ? 'https://aiplatform.googleapis.com/v1'
          : `https://${location}-aiplatform.googleapis.com/v1`;
      const base =
        loadSetting(vertex.baseURL ?? settings.baseURL, ['GOOGLE_VERTEX_BASE_URL']) ?? host;
      return `${withoutTrailingSlash(base)}/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/google/models/${modelId}:predict`;
    },
    credentials: async () => ({
      authorization: `Bearer ${await vertexAccessToken(vertex.accessToken)}`,
    }),
  };
}

/**
 * Create an Imagen provider. Requests go to the Gemini API unless `vertex` is set. Keys, tokens,
 * project and location are read when the first request is made, so creating one never throws.
 *
 * @example
 * const gemini = createImagen(); // GEMINI_API_KEY
 * const vertex = createImagen({ vertex: { project: 'my-project', accessToken: getToken } });
 */
export function createImagen(settings: ImagenProviderSettings = {}): ImagenProvider {
  const vertex =
    settings.vertex === true ? {} : settings.vertex === false ? undefined : settings.vertex;
  const api: ImagenApi = vertex === undefined ? 'gemini' : 'vertex';
  const endpoint =
    vertex === undefined ? geminiEndpoint(settings) : vertexEndpoint(settings, vertex);
  const config: ImagenModelConfig = {
    api,
    transport: createProviderTransport(settings, {
      provider: imagenProviderId,
      packageName: 'provider-imagen',
      packageVersion: VERSION,
    }),
    predictUrl: endpoint.predictUrl,
    headers: async callHeaders =>
      combineHeaders(settings.headers, await endpoint.credentials(), callHeaders),
  };
  const models = new Map<ImagenModelId, ImagenImageModel>();
  const imageModel = (modelId: string): ImagenImageModel => {
    if (!isImagenModelId(modelId)) {
      throw new UnknownModelError({
        model: modelId,
        suggestions: closestMatches(modelId, imagenModelIds),
      });
    }
    let model = models.get(modelId);
    if (model === undefined) {
      model = new ImagenImageModel(modelId, config);
      models.set(modelId, model);
    }
    return model;
  };
  const provider = ((modelId: string) => imageModel(modelId)) as ImagenProvider;
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: imagenProviderId,
    modelIds: [...imagenModelIds],
    imageModel,
    api,
  });
}

/** An Imagen provider with default settings: the Gemini API, key from `GEMINI_API_KEY`. */
export const imagen = createImagen();
