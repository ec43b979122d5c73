export type { BflSimulatorJob } from './bfl-job.js';
export { type BflOutputFormat, bflSimulatorModels } from './bfl-models.js';
export { type BflOutputDimensions, bflOutputSize } from './bfl-output-size.js';
export type { BflSimulatorOptions } from './bfl-simulator-options.js';
export { bflTestPrompts } from './bfl-test-prompts.js';
export { bflWebhookSignature, bflWebhookSignatureHeader } from './bfl-webhooks.js';
export { type BflSimulator, startBflSimulator } from './start-bfl-simulator.js';
