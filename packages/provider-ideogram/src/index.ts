export {
  ideogramErrorFromResponse,
  ideogramProviderId,
} from './ideogram-api.js';
export { IdeogramImageModel } from './ideogram-image-model.js';
export {
  type IdeogramOperation,
  ideogramOperations,
} from './ideogram-operations.js';
export {
  type IdeogramAspectRatio,
  type IdeogramColorPalette,
  type IdeogramColorPalettePreset,
  type IdeogramImageInput,
  type IdeogramImageModelId,
  type IdeogramMagicPrompt,
  type IdeogramRenderingSpeed,
  type IdeogramResolution,
  type IdeogramStylePreset,
  type IdeogramStyleType,
  ideogramAspectRatios,
  ideogramCapabilities,
  ideogramResolutions,
} from './ideogram-options.js';
export {
  createIdeogram,
  type IdeogramCatalog,
  type IdeogramProvider,
  type IdeogramProviderSettings,
  ideogram,
  ideogramApiKeyVariables,
} from './ideogram-provider.js';
export { VERSION } from './version.js';
