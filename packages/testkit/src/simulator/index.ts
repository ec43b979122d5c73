export {
  type Fault,
  type FaultMatch,
  type FaultRule,
  type FaultType,
  matchesRequest,
} from './fault-rule.js';
export { type MultipartPart, parseMultipart } from './multipart-parser.js';
export { createSeededRandom } from './seeded-random.js';
export type { SimulatorRequest } from './simulator-request.js';
export type { JsonValue, SimulatorBody, SimulatorResponse } from './simulator-response.js';
export { type Simulator, type StartSimulatorOptions, startSimulator } from './start-simulator.js';
export type { SimulatorContext, WireHandler } from './wire-handler.js';
