import { type $ZodType, safeParse } from 'zod/v4/core';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { describeZodIssue, inputFieldNames, toInputIssues } from './input-issues.js';

/** How unknown input fields are treated. */
export type UnknownKeysPolicy = 'reject' | 'passthrough';

/** Options of `validateInput`. */
export interface ValidateInputOptions {
  /** Model path, for error messages. */
  model?: string;
  /**
   * `reject` (default): unknown fields are errors with a "did you mean". `passthrough`: they are
   * taken out, returned in `passthrough`, and sent to the provider verbatim by the adapter.
   */
  unknownKeys?: UnknownKeysPolicy;
}

/** A validated input and any fields to pass through verbatim. */
export interface ValidatedInput<OUTPUT> {
  readonly value: OUTPUT;
  readonly passthrough: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Validate `input` against a model's input schema. Every problem is reported at once in one
 * `InvalidInputError`.
 */
export function validateInput<OUTPUT>(
  schema: $ZodType<OUTPUT>,
  input: unknown,
  options: ValidateInputOptions = {},
): ValidatedInput<OUTPUT> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidInputError({
      issues: [{ path: [], message: 'expected an object of input fields' }],
      model: options.model,
    });
  }
  let candidate = input as Record<string, unknown>;
  let passthrough: Record<string, unknown> | undefined;
  // The field names are needed only to split off unknown fields or to explain a failure: a
  // valid input under `reject` (every gateway request) does not pay for listing them.
  const knownKeys = options.unknownKeys === 'passthrough' ? inputFieldNames(schema) : undefined;
  if (knownKeys !== undefined && knownKeys.length > 0) {
    const known = new Set(knownKeys);
    candidate = {};
    for (const [key, value] of Object.entries(input)) {
      if (known.has(key)) {
        candidate[key] = value;
      } else {
        passthrough ??= {};
        passthrough[key] = value;
      }
    }
  }
  const result = safeParse(schema, candidate, { reportInput: true, error: describeZodIssue });
  if (!result.success) {
    throw new InvalidInputError({
      issues: toInputIssues(result.error.issues, candidate, knownKeys ?? inputFieldNames(schema)),
      model: options.model,
    });
  }
  return { value: result.data, passthrough };
}
