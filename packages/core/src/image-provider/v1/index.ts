export type { ImageProviderV1, ModelCatalog } from './image-provider-v1.js';
