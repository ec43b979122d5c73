import { EaselError, type EaselErrorOptions, hasMarker } from './easel-error.js';

const marker = Symbol.for('easel.error.AbortError');

/** The caller aborted the operation through its `AbortSignal`. */
export class AbortError extends EaselError {
  readonly code = 'aborted';
  readonly [marker] = true;

  constructor(message = 'The operation was aborted.', options: EaselErrorOptions = {}) {
    super(message, options);
  }

  static isInstance(error: unknown): error is AbortError {
    return hasMarker(error, marker);
  }
}
