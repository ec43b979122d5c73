/** The `error` object of every OpenAI error body; all four keys are always present. */
export type OpenAIErrorObject = {
  readonly message: string;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
};

/** How an `OpenAIApiError` is built. */
export interface OpenAIApiErrorInit {
  /** HTTP status. */
  readonly status: number;
  readonly message: string;
  /** Default: `invalid_request_error`. */
  readonly type?: string;
  /** The offending field, e.g. `size` or `images[0].image_url`. Default: `null`. */
  readonly param?: string | null;
  /** Machine-readable code, e.g. `invalid_value`. Default: `null`. */
  readonly code?: string | null;
  /** Extra response headers, e.g. `retry-after`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A request the simulator refuses, as OpenAI would: thrown by the request rules and turned into a
 * `{ "error": { message, type, param, code } }` response by the handler. Only this class is caught,
 * so a bug in the simulator still surfaces in `simulator.errors`.
 */
export class OpenAIApiError extends Error {
  readonly status: number;
  readonly error: OpenAIErrorObject;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: OpenAIApiErrorInit) {
    super(init.message);
    this.name = 'OpenAIApiError';
    this.status = init.status;
    this.error = {
      message: init.message,
      type: init.type ?? 'invalid_request_error',
      param: init.param ?? null,
      code: init.code ?? null,
    };
    this.headers = init.headers ?? {};
  }
}

/** A 400 `invalid_request_error`. */
export function invalidRequest(
  message: string,
  details: { readonly param?: string | null; readonly code?: string | null } = {},
): OpenAIApiError {
  return new OpenAIApiError({ status: 400, message, ...details });
}

/** 400 `invalid_value`: "Invalid value: 'x'. Supported values are: 'a', 'b', and 'c'." */
export function invalidValue(
  param: string,
  value: unknown,
  supported: readonly string[],
): OpenAIApiError {
  return invalidRequest(
    `Invalid value: ${quote(value)}. Supported values are: ${listOf(supported.map(quote))}.`,
    { param, code: 'invalid_value' },
  );
}

/** 400 `unknown_parameter`: "Unknown parameter: 'x'." */
export function unknownParameter(param: string): OpenAIApiError {
  return invalidRequest(`Unknown parameter: '${param}'.`, { param, code: 'unknown_parameter' });
}

/** A value as OpenAI quotes it in messages: strings in single quotes, the rest as JSON. */
export function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** "a", "a and b", "a, b, and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}
