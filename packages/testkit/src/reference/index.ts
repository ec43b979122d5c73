export {
  isTrustedPollUrl,
  referenceErrorFromResponse,
  referenceProviderId,
} from './reference-api.js';
export { ReferenceImageModel, type ReferenceModelConfig } from './reference-image-model.js';
export { ReferenceJobModel } from './reference-job-model.js';
export {
  type ReferenceAsyncInput,
  type ReferenceSyncInput,
  referenceCapabilities,
} from './reference-options.js';
export {
  createReference,
  type ReferenceCatalog,
  type ReferenceModelId,
  type ReferenceProvider,
  type ReferenceProviderSettings,
  reference,
  referenceApiKeyVariables,
} from './reference-provider.js';
export {
  type ReferenceSimulator,
  type ReferenceSimulatorJob,
  type ReferenceSimulatorOptions,
  startReferenceSimulator,
} from './reference-simulator.js';
