import type { FastifyReply } from 'fastify';
import type { GatewayError } from './gateway-error.js';

/** OpenAI's `error.type` for a status. */
function openaiErrorType(error: GatewayError): string {
  if (error.code === 'content_filtered') return 'image_generation_user_error';
  if (error.status === 429) return 'requests';
  if (error.status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The gateway's codes that OpenAI names differently. */
const openaiCodes: Readonly<Record<string, string>> = {
  unauthorized: 'invalid_api_key',
  unknown_model: 'model_not_found',
  rate_limited: 'rate_limit_exceeded',
  content_filtered: 'moderation_blocked',
};

/**
 * The error as OpenAI's API shapes it, `{ error: { message, type, param, code } }`, so the
 * official client raises the matching error class. Content filtering answers 400
 * `moderation_blocked` as OpenAI does, not 422.
 */
export function openaiErrorBody(error: GatewayError): {
  status: number;
  body: { error: { message: string; type: string; param: string | null; code: string } };
} {
  const status = error.code === 'content_filtered' ? 400 : error.status;
  return {
    status,
    body: {
      error: {
        message: error.message,
        type: openaiErrorType(error),
        param: error.param ?? null,
        code: openaiCodes[error.code] ?? error.code,
      },
    },
  };
}

/** Send `error` in the route's error shape, with its headers. */
export function sendGatewayError(
  reply: FastifyReply,
  error: GatewayError,
  shape: 'gateway' | 'openai',
): FastifyReply {
  reply.headers(error.headers);
  if (shape === 'openai') {
    const { status, body } = openaiErrorBody(error);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  }
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send(error.toResponseBody());
}
