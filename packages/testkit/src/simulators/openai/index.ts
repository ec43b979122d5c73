export { openaiSimulatorModels } from './openai-models.js';
export type { OpenAISimulatorOptions } from './openai-simulator-options.js';
export { openaiTestPrompts } from './openai-test-prompts.js';
export { startOpenAISimulator } from './start-openai-simulator.js';
