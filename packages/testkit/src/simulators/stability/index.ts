export { type StabilityAspectRatio, stabilityOutputSizes } from './stability-output-sizes.js';
export type { StabilitySimulatorOptions } from './stability-simulator-options.js';
export { stabilityTestPrompts } from './stability-test-prompts.js';
export { startStabilitySimulator } from './start-stability-simulator.js';
