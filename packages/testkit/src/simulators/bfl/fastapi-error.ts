import type { JsonValue, SimulatorResponse } from '../../simulator/index.js';

/** Where a problem is, FastAPI-style: `['body', 'width']`, `['query', 'id']`, `['body', 12]`. */
export type FastApiLocation = readonly (string | number)[];

/**
 * One item of a FastAPI `HTTPValidationError.detail`, as pydantic v2 reports it:
 * `{ type: 'less_than_equal', loc: ['body', 'width'], msg: 'Input should be less than or equal to 1440', input: 2048, ctx: { le: 1440 } }`.
 */
export type FastApiValidationIssue = {
  /** pydantic's error type, e.g. `missing`, `int_type`, `multiple_of`, `value_error`. */
  readonly type: string;
  readonly loc: FastApiLocation;
  readonly msg: string;
  /** The value that failed (the whole object for a missing field). */
  readonly input: JsonValue;
  /** The constraint, e.g. `{ le: 1440 }`; absent when the type has none. */
  readonly ctx?: { readonly [name: string]: JsonValue };
};

/** A `{"detail": "<message>"}` answer, the shape of every FastAPI `HTTPException`. */
export function detailResponse(
  status: number,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): SimulatorResponse {
  return { status, headers, body: { detail } };
}

/** A 422 `HTTPValidationError` listing every issue. */
export function validationErrorResponse(
  issues: readonly FastApiValidationIssue[],
): SimulatorResponse {
  return { status: 422, body: { detail: issues } };
}

/** A `value_error` issue, worded as pydantic words a validator's `ValueError`. */
export function valueError(
  loc: FastApiLocation,
  message: string,
  input: JsonValue,
): FastApiValidationIssue {
  return { type: 'value_error', loc, msg: `Value error, ${message}`, input, ctx: { error: {} } };
}
