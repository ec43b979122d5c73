export { ConcurrencyLimiter } from './concurrency-limiter.js';
export {
  createEasel,
  type Easel,
  type EaselCatalog,
  type EaselOptions,
  type GenerateOptions,
  type GenericImageInput,
  type InputFor,
  inputJsonSchema,
  type ModelDescription,
  type ModelPath,
} from './create-easel.js';
export {
  type CallFailure,
  type GenerateProgressEvent,
  type GenerateResult,
  type ModelReference,
  splitImageCount,
  sumUsage,
} from './generate-result.js';
export {
  decodeJobId,
  encodeJobId,
  type ImageJob,
  type ImageJobReference,
  type ImageJobStatus,
  type WaitOptions,
} from './image-job.js';
export { ModelIndex, type RegisteredModel } from './model-index.js';
