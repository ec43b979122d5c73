export {
  type SynthesizedImageFormat,
  type SynthesizeImageOptions,
  synthesizeImage,
} from './synthesize-image.js';
