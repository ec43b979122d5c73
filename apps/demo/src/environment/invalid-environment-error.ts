import { EaselError } from '@easel/core';

const marker = Symbol.for('easel.error.InvalidEnvironmentError');

/** An environment variable the demo reads has a value it cannot use; the message names it. */
export class InvalidEnvironmentError extends EaselError {
  readonly code = 'invalid_environment';
  /** The variable, e.g. `OPENAI_BASE_URL`. */
  readonly variable: string;
  readonly [marker] = true;

  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.variable = variable;
  }

  static isInstance(error: unknown): error is InvalidEnvironmentError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }

  protected override details(): Record<string, unknown> {
    return { variable: this.variable };
  }
}
