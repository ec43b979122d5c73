export {
  type ComposeProvidersOptions,
  composeProviders,
  type ProviderComposition,
  type ProviderStatus,
} from './compose-providers.js';
export { type SandboxOptions, sandboxApiKey } from './provider-definitions.js';
