export { openaiErrorFromResponse, openaiProviderId } from './openai-api.js';
export { OpenAIImageModel } from './openai-image-model.js';
export {
  type OpenAIDallE3Input,
  type OpenAIGptImageInput,
  type OpenAIImageInput,
  type OpenAIImageModelId,
  openaiModels,
} from './openai-options.js';
export {
  createOpenAI,
  type OpenAICatalog,
  type OpenAIProvider,
  type OpenAIProviderSettings,
  openai,
  openaiApiKeyVariables,
} from './openai-provider.js';
export { VERSION } from './version.js';
