export type { ImageModelV1 } from './image-model-v1.js';
export type { ImageModelV1CallOptions } from './image-model-v1-call-options.js';
export type {
  AspectRatioCapability,
  AspectRatioString,
  ImageModelV1Capabilities,
  ImageOutputFormat,
  ImageSizeString,
  SizeCapability,
} from './image-model-v1-capabilities.js';
export type {
  ImageModelV1Job,
  ImageModelV1JobOptions,
  ImageModelV1JobStatus,
  ImageModelV1Submission,
  JSONValue,
} from './image-model-v1-job.js';
export type { ImageModelV1ProgressEvent } from './image-model-v1-progress-event.js';
export type {
  ImageModelV1Image,
  ImageModelV1Result,
  ImageModelV1Timings,
  ImageModelV1Usage,
} from './image-model-v1-result.js';
export type { ImageModelV1Warning } from './image-model-v1-warning.js';
