export {
  type Base64Codec,
  base64ByteLength,
  base64Codec,
  decodeBase64Prefix,
  isBase64,
} from './base64.js';
export { GeneratedImage, type GeneratedImageJson } from './generated-image.js';
export { imageFromBase64 } from './image-from-base64.js';
export {
  type ImageMediaType,
  type ImageMetadata,
  readImageMetadata,
  readImageMetadataFromBase64,
} from './image-metadata.js';
