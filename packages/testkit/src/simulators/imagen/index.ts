export { imagenRetiredModels, imagenSimulatorModels } from './imagen-models.js';
export { imagenOutputSizes } from './imagen-output-sizes.js';
export { type ImagenSimulatorOptions, startImagenSimulator } from './imagen-simulator.js';
export { imagenTestPrompts } from './imagen-test-prompts.js';
