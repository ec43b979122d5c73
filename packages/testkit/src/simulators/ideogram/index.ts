export {
  ideogramAspectRatios,
  ideogramResolutionForAspectRatio,
  ideogramResolutions,
} from './ideogram-resolutions.js';
export type { IdeogramSimulatorOptions } from './ideogram-simulator-options.js';
export { ideogramTestPrompts } from './ideogram-test-prompts.js';
export { type IdeogramSimulator, startIdeogramSimulator } from './start-ideogram-simulator.js';
