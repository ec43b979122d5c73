export {
  aspectRatioSchema,
  type CommonFieldName,
  type CommonImageInput,
  commonInputShape,
  maximumImageCount,
  outputFormatSchema,
  sizeSchema,
  type ValidatedCommonInput,
} from './common-input.js';
export {
  defineImageInput,
  type ImageInput,
  type ImageInputDefinition,
  type ImageInputSchema,
  type InputAlias,
  type InputCheckContext,
  type ValidatedImageInput,
} from './define-image-input.js';
export { closestMatches, editDistance } from './did-you-mean.js';
export {
  type Dimensions,
  formatAspectRatio,
  formatSize,
  parseAspectRatio,
  parseSize,
  reduceAspectRatio,
} from './dimensions.js';
export {
  type ImageSource,
  type ImageSourceInput,
  imageSourceBase64,
  imageSourceBytes,
  imageSourceSchema,
  parseImageSource,
} from './image-source.js';
export { describeZodIssue, inputFieldNames, toInputIssues } from './input-issues.js';
export {
  aspectRatioForSize,
  dropUnsupportedCommonFields,
  isSupportedSize,
  resolveOutputFormat,
  type Snapped,
  sizeForAspectRatio,
  snapAspectRatio,
  snapSize,
} from './snap.js';
export {
  type UnknownKeysPolicy,
  type ValidatedInput,
  type ValidateInputOptions,
  validateInput,
} from './validate-input.js';
