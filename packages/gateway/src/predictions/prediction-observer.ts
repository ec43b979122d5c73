import type { GenerateProgressEvent, GenerateResult } from '@easel/core';
import type { PredictionRecord } from './prediction-record.js';

/**
 * What the runner reports while predictions run; webhooks and metrics listen. Every method is
 * called synchronously and must not throw (the runner guards against it anyway).
 */
export interface PredictionObserver {
  /** The prediction was created and its generation started. */
  started(record: PredictionRecord): void;
  /** A progress event of the generation (submitted, pending, retry, partial image). */
  progressed(record: PredictionRecord, event: GenerateProgressEvent): void;
  /** New log lines, at most every 500 ms. */
  logged(record: PredictionRecord): void;
  /** The prediction reached a final state; `result` is the generation's when it succeeded. */
  completed(record: PredictionRecord, result: GenerateResult | undefined): void;
}

/** An observer that does nothing. */
export const silentObserver: PredictionObserver = {
  started: () => {},
  progressed: () => {},
  logged: () => {},
  completed: () => {},
};
