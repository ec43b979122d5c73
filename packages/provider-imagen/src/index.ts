export type {
  ImagenAspectRatio,
  ImagenImageInput,
  ImagenImageSize,
  ImagenModelId,
  ImagenOutputMimeType,
  ImagenPersonGeneration,
  ImagenSafetyFilterLevel,
} from './imagen-options.js';
export {
  createImagen,
  type ImagenProvider,
  type ImagenProviderSettings,
  type ImagenVertexSettings,
  imagen,
} from './imagen-provider.js';
export { VERSION } from './version.js';
