const marker = Symbol.for('easel.gateway.error.GatewayError');

/** Options of `GatewayError`. */
export interface GatewayErrorOptions {
  /** HTTP status of the answer, e.g. `404`. */
  readonly status: number;
  /** Stable machine-readable code, e.g. `unknown_model`. */
  readonly code: string;
  /** What went wrong, in words, for people. Never contains a secret. */
  readonly message: string;
  /** Structured facts for programs (e.g. `issues`, `suggestions`). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Extra response headers, e.g. `retry-after`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** For the OpenAI-compatible routes: the request field at fault, when there is one. */
  readonly param?: string;
}

/**
 * An error the gateway answers with: an HTTP status, a stable `code`, a message and details.
 * Every failure a route meets (an Easel error, a body the parser refused, a full queue) is turned
 * into one of these before it is sent, as `{ "error": { code, message, details } }` (or OpenAI's
 * shape on the OpenAI-compatible routes).
 */
export class GatewayError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly param: string | undefined;
  readonly [marker] = true;

  constructor(options: GatewayErrorOptions) {
    super(options.message);
    this.name = 'GatewayError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
    this.param = options.param;
  }

  /** Whether `error` is a `GatewayError`, also from another copy of this package. */
  static isInstance(error: unknown): error is GatewayError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }

  /** The JSON body of the answer: `{ error: { code, message, details } }`. */
  toResponseBody(): { error: { code: string; message: string; details: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, details: { ...this.details } } };
  }
}

/** `Retry-After` header for a wait in ms: whole seconds, at least 1. */
export function retryAfterHeader(retryAfterMs: number | undefined): Record<string, string> {
  const seconds = Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000));
  return { 'retry-after': String(seconds) };
}
