export { capabilitiesSchema } from './capabilities-schema.js';
export type { ModelCheck, ProviderCheck } from './conformance-check.js';
export { ConformanceContext, canaryApiKey, type ModelCheckContext } from './conformance-context.js';
export { ConformanceError } from './conformance-error.js';
export type {
  ConformanceCheckId,
  ConformanceModelCases,
  ConformanceOptions,
  ErrorCase,
  ExpectedError,
} from './conformance-options.js';
export {
  type ConformanceOutcome,
  type ConformanceSuite,
  createConformanceSuite,
  type RunnableCheck,
} from './create-conformance-suite.js';
