import type { JsonValue, SimulatorResponse } from '../../simulator/index.js';

/** The media type of every problem answer (RFC 9457). */
export const problemContentType = 'application/problem+json';

/** The message of the spec's `GenerateImageSafetyError` example. */
export const safetyErrorMessage =
  'Prompt provided failed safety check due to the inclusion of prohibited content.';

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

/**
 * A request the simulator refuses. Only this class is turned into an answer by the handler, so a
 * bug in the simulator still surfaces in `simulator.errors`.
 *
 * The spec documents a body only for 422 (`{"error": "…"}`). Every other refusal uses the problem
 * details Connexion (the framework the spec's `x-apikeyInfoFunc` and `x-body-name` extensions
 * come from) answers with: `{"type":"about:blank","title":"Bad Request","detail":"…","status":400}`
 * as `application/problem+json`.
 */
export class IdeogramApiError extends Error {
  /** The HTTP status, e.g. 400. */
  readonly status: number;
  /** The JSON body: problem details, or `{"error": "…"}` for 422. */
  readonly body: JsonValue;
  /** Response headers, `content-type` included. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    body: JsonValue,
    headers: Readonly<Record<string, string>> = { 'content-type': 'application/json' },
  ) {
    super(typeof body === 'object' && body !== null && 'detail' in body ? String(body.detail) : '');
    this.name = 'IdeogramApiError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** The answer that carries this refusal. */
  toResponse(): SimulatorResponse {
    return { status: this.status, headers: this.headers, body: this.body };
  }
}

/** A problem-details refusal, e.g. `problem(400, "'num_images' must be <= 8")`. */
export function problem(
  status: number,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): IdeogramApiError {
  return new IdeogramApiError(
    status,
    { type: 'about:blank', title: titles[status] ?? 'Error', detail, status },
    { 'content-type': problemContentType, ...headers },
  );
}

/** 400 Bad Request naming what is wrong. */
export function badRequest(detail: string): IdeogramApiError {
  return problem(400, detail);
}

/** The spec's 422: `{"error": "Prompt provided failed safety check …"}`. */
export function safetyCheckFailed(): IdeogramApiError {
  return new IdeogramApiError(422, { error: safetyErrorMessage });
}
