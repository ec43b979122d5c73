import type { JsonValue, SimulatorResponse } from '../../simulator/simulator-response.js';

/** A canonical `google.rpc.Code` name the simulator answers with. */
export type GoogleErrorStatus =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'RESOURCE_EXHAUSTED';

const httpStatuses: Readonly<Record<GoogleErrorStatus, number>> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
};

/** Content type of every answer, as Google's front ends send it. */
export const googleJsonContentType = 'application/json; charset=UTF-8';

/** Extras of a Google error answer. */
export interface GoogleErrorExtras {
  /** `error.details`, e.g. a `google.rpc.ErrorInfo`. Default: none (the key is left out). */
  readonly details?: readonly JsonValue[];
  /** Extra response headers, e.g. `www-authenticate`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Google's error envelope, `{"error":{"code":<http status>,"message":…,"status":…}}`, with the
 * HTTP status that goes with the canonical code.
 */
export function googleError(
  status: GoogleErrorStatus,
  message: string,
  extras: GoogleErrorExtras = {},
): SimulatorResponse {
  const code = httpStatuses[status];
  const details = extras.details === undefined ? {} : { details: extras.details };
  return {
    status: code,
    headers: { 'content-type': googleJsonContentType, ...extras.headers },
    body: { error: { code, message, status, ...details } },
  };
}
