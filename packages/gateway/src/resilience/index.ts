export {
  AdmissionQueue,
  type AdmissionQueueOptions,
  defaultMaxWaitMs,
} from './admission-queue.js';
export { type BreakerOutcome, breakerOutcomeOf } from './breaker-outcome.js';
export {
  type BreakerPermit,
  type BreakerRefusal,
  type BreakerState,
  CircuitBreaker,
  type CircuitBreakerOptions,
} from './circuit-breaker.js';
export { FailureWindow, type WindowTotals } from './failure-window.js';
export { OverloadedError, type OverloadedErrorOptions } from './overloaded-error.js';
