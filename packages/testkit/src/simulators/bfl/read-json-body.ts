import type { JsonValue, SimulatorRequest } from '../../simulator/index.js';
import type { FastApiValidationIssue } from './fastapi-error.js';

/** A JSON object body, or the issues FastAPI would answer 422 with. */
export type JsonBodyReading =
  | { readonly body: Readonly<Record<string, unknown>> }
  | { readonly issues: readonly FastApiValidationIssue[] };

/**
 * Reads a request body the way FastAPI reads a JSON body parameter: parsed as JSON when the
 * content type is absent, `application/json` or `*+json`; taken as raw text otherwise (which then
 * fails as "not an object"). An empty body is a missing body.
 */
export function readJsonBody(request: SimulatorRequest): JsonBodyReading {
  if (request.body.length === 0) {
    return { issues: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] };
  }
  const text = request.text();
  let body: unknown = text;
  if (isJsonContentType(request.headers['content-type'])) {
    try {
      body = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const position = Number(/position (\d+)/.exec(reason)?.[1] ?? 0);
      return {
        issues: [
          {
            type: 'json_invalid',
            loc: ['body', position],
            msg: 'JSON decode error',
            input: {},
            ctx: { error: reason },
          },
        ],
      };
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      issues: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: body as JsonValue,
        },
      ],
    };
  }
  return { body: body as Record<string, unknown> };
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[^/]+\+json$/.test(mediaType);
}
