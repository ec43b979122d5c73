export {
  acmeDefaultBaseURL,
  acmeErrorFromResponse,
  acmeGenerationsPath,
  acmeProviderId,
} from './acme-api.js';
export { AcmeImageModel, type AcmeModelConfig } from './acme-image-model.js';
export {
  type AcmeImageInput,
  type AcmeModelId,
  type AcmeStyle,
  acme1Capabilities,
  acmeLiteCapabilities,
  acmeModelIds,
  acmeModels,
  acmeStyles,
} from './acme-options.js';
export {
  type AcmeCatalog,
  type AcmeProvider,
  type AcmeProviderSettings,
  acme,
  acmeApiKeyVariables,
  createAcme,
} from './acme-provider.js';
export { VERSION } from './version.js';
