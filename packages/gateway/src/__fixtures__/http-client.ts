/** A JSON answer read by the tests' tiny HTTP client. */
export interface JsonAnswer<BODY> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: BODY;
}

/** The gateway's error body. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Record<string, unknown>;
  };
}

/**
 * Send a request and read a JSON answer (or the text as `{ text }` when it is not JSON). `BODY`
 * is what the test expects; it is not checked.
 */
export async function call<BODY = ErrorBody>(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; raw?: string | Uint8Array } = {},
): Promise<JsonAnswer<BODY>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { text };
  }
  return { status: response.status, headers: response.headers, body: parsed as BODY };
}

/** Poll `read` until `done` holds for its value (at most `timeoutMs`, default 10 s). */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}
