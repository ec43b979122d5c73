import {
  closestMatches,
  combineHeaders,
  createProviderTransport,
  type ImageProviderSettings,
  type ImageProviderV1,
  InvalidInputError,
  loadApiKey,
  loadSetting,
  type ModelCatalog,
  type PollInterval,
  UnknownModelError,
} from '@easel/core';
import { type FluxRegion, fluxProviderId, fluxRegions } from './flux-api.js';
import { FluxImageModel, type FluxModelConfig } from './flux-image-model.js';
import { type FluxModelId, fluxModels } from './flux-options.js';
import { VERSION } from './version.js';

/** Settings of the FLUX provider. */
export interface FluxProviderSettings extends ImageProviderSettings {
  /** API key, sent as `x-key`. Default: `BFL_API_KEY`, read when the first request is made. */
  readonly apiKey?: string;
  /** Base URL. Default: `BFL_BASE_URL`, else the region's host. */
  readonly baseURL?: string;
  /**
   * Which BFL endpoint: `global` (default, `api.bfl.ai`, routes to any cluster), `eu` or `us`
   * (multi-cluster, data stays in the region), or the legacy single-cluster `eu1` / `us1`. Polling
   * URLs are only followed on hosts of the region.
   */
  readonly region?: FluxRegion;
  /**
   * Polling cadence of `generate` (see core's `PollInterval`): the first poll `initialMs` after
   * submitting, then planned from BFL's `progress` between `minMs` and `maxMs` ahead, or growing
   * by `factor` up to `maxMs` without progress. Default 500 ms, 200 ms–1 s, ×1.15.
   */
  readonly pollInterval?: Partial<PollInterval>;
  /** Active tasks per key before Easel queues (BFL refuses more with 429). Default 24. */
  readonly maxActiveTasks?: number;
  /** Active flux-kontext-max tasks per key before Easel queues. Default 6. */
  readonly maxActiveKontextMaxTasks?: number;
}

/** Model path → input type, for the hub. */
export type FluxCatalog = ModelCatalog<
  typeof fluxProviderId,
  { [ID in FluxModelId]: FluxImageModel<ID> }
>;

/** The FLUX provider: callable with a model id, and an `ImageProviderV1`. */
export interface FluxProvider extends ImageProviderV1<FluxCatalog> {
  <ID extends FluxModelId>(modelId: ID): FluxImageModel<ID>;
  imageModel<ID extends FluxModelId>(modelId: ID): FluxImageModel<ID>;
  imageModel(modelId: string): FluxImageModel;
}

/** Environment variables read for the key. */
export const fluxApiKeyVariables = ['BFL_API_KEY'] as const;

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidInputError({
      issues: [{ path: [name], message: `must be a positive whole number, received ${value}` }],
    });
  }
  return value;
}

/**
 * Create a FLUX provider. Creating one never throws for a missing key (it is read when the first
 * request is made); invalid settings are an `InvalidInputError`.
 *
 * @example
 * const easel = createEasel({ providers: [createFlux({ region: 'eu' })] });
 * const { images } = await easel.generate('flux-kontext-pro', { prompt: 'a deer by the lake', aspect_ratio: '16:9' });
 */
export function createFlux(settings: FluxProviderSettings = {}): FluxProvider {
  const region = settings.region ?? 'global';
  if (!(region in fluxRegions)) {
    throw new InvalidInputError({
      issues: [
        {
          path: ['region'],
          message: `must be one of ${Object.keys(fluxRegions).join(', ')}, received ${JSON.stringify(region)}`,
        },
      ],
    });
  }
  const apiKey = () =>
    loadApiKey({
      apiKey: settings.apiKey,
      environmentVariables: fluxApiKeyVariables,
      provider: fluxProviderId,
    });
  const config: FluxModelConfig = {
    baseURL: (loadSetting(settings.baseURL, ['BFL_BASE_URL']) ?? fluxRegions[region]).replace(
      /\/+$/,
      '',
    ),
    region,
    transport: createProviderTransport(settings, {
      provider: fluxProviderId,
      packageName: 'provider-flux',
      packageVersion: VERSION,
    }),
    limits: {
      maxActiveTasks: positive(settings.maxActiveTasks, 'maxActiveTasks', 24),
      maxActiveKontextMaxTasks: positive(
        settings.maxActiveKontextMaxTasks,
        'maxActiveKontextMaxTasks',
        6,
      ),
    },
    pollInterval: settings.pollInterval ?? {},
    apiKey,
    headers: callHeaders => combineHeaders(settings.headers, { 'x-key': apiKey() }, callHeaders),
  };
  const modelIds = Object.keys(fluxModels) as FluxModelId[];
  const models = new Map(modelIds.map(id => [id, new FluxImageModel(id, config)]));
  const imageModel = (modelId: string) => {
    const model = models.get(modelId as FluxModelId);
    if (model === undefined)
      throw new UnknownModelError({
        model: modelId,
        suggestions: closestMatches(modelId, modelIds),
      });
    return model;
  };
  const provider = ((modelId: string) => imageModel(modelId)) as FluxProvider;
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: fluxProviderId,
    modelIds,
    imageModel,
  });
}

/** A FLUX provider with default settings (`BFL_API_KEY`, `BFL_BASE_URL`). */
export const flux = createFlux();
