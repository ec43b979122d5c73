import { GatewayError } from './gateway-error.js';

/** A parsed JSON request body, with the bytes it came from (for idempotency fingerprints). */
export interface JsonBody {
  readonly raw: Buffer;
  readonly value: unknown;
}

function rejectPrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  // A "__proto__" key is harmless in JSON.parse's output but dangerous once merged into another
  // object; no request field has that name, so refuse it outright.
  if (key === '__proto__') {
    throw new GatewayError({
      status: 400,
      code: 'invalid_json',
      message: `The body has a forbidden key "${key}".`,
      details: { key },
    });
  }
  return value;
}

/**
 * Parse a JSON body. Malformed JSON (and empty bodies, and `__proto__` keys) are a 400
 * `invalid_json` whose message says where the text went wrong, never a 5xx.
 */
export function parseJsonBody(raw: Buffer): JsonBody {
  if (raw.byteLength === 0) {
    throw new GatewayError({
      status: 400,
      code: 'invalid_json',
      message: 'The body is empty; expected a JSON object.',
      details: { field: 'body' },
    });
  }
  let value: unknown;
  try {
    const text = raw.toString('utf8');
    // A reviver makes JSON.parse call back for every value; only a text that spells
    // "__proto__", or could (with a \u escape), needs one.
    value =
      text.includes('__proto__') || text.includes('\\u')
        ? JSON.parse(text, rejectPrototypeKeys)
        : JSON.parse(text);
  } catch (error) {
    if (GatewayError.isInstance(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatewayError({
      status: 400,
      code: 'invalid_json',
      message: `The body is not valid JSON: ${reason.slice(0, 200)}`,
      details: { field: 'body' },
    });
  }
  return { raw, value };
}

/** Whether a `Content-Type` is JSON: `application/json` or any `+json` type. */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}
