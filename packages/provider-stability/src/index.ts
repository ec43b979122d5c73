export {
  type StabilityResponseMode,
  stabilityErrorFromResponse,
  stabilityProviderId,
} from './stability-api.js';
export { StabilityImageModel } from './stability-image-model.js';
export {
  type StabilityAspectRatio,
  type StabilityImageInput,
  type StabilityModelId,
  type StabilityModelSpec,
  type StabilityStylePreset,
  type StabilityWireModel,
  stabilityAspectRatios,
  stabilityCapabilities,
  stabilityModelIds,
  stabilityModels,
  stabilityStylePresets,
} from './stability-options.js';
export {
  createStability,
  type StabilityCatalog,
  type StabilityProvider,
  type StabilityProviderSettings,
  stability,
  stabilityApiKeyVariables,
} from './stability-provider.js';
export { VERSION } from './version.js';
