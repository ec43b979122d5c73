export {
  type FluxRegion,
  fluxErrorFromResponse,
  fluxProviderId,
  fluxRegions,
  isTrustedPollingUrl,
} from './flux-api.js';
export { FluxImageModel } from './flux-image-model.js';
export {
  type FluxImageInput,
  type FluxKontextInput,
  type FluxModelId,
  fluxModels,
} from './flux-options.js';
export {
  createFlux,
  type FluxCatalog,
  type FluxProvider,
  type FluxProviderSettings,
  flux,
  fluxApiKeyVariables,
} from './flux-provider.js';
export { VERSION } from './version.js';
