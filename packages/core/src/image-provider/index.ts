export type { ImageProviderSettings } from './image-provider-settings.js';
export type { ImageProviderV1, ModelCatalog } from './v1/index.js';
