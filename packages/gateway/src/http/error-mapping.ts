import {
  AbortError,
  ContentFilteredError,
  EaselError,
  InvalidInputError,
  MissingApiKeyError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  UnknownModelError,
} from '@easel/core';
import { OverloadedError } from '../resilience/index.js';
import { StoreCapacityError, StoreClosedError } from '../store/index.js';
import { GatewayError, retryAfterHeader } from './gateway-error.js';

/** Path of an input issue as the message shows it: `images[1]`, `input.size`. */
export function formatIssuePath(path: ReadonlyArray<string | number>): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

function fromEaselError(error: EaselError): GatewayError {
  if (InvalidInputError.isInstance(error)) {
    const first = error.issues[0];
    return new GatewayError({
      status: 400,
      code: 'invalid_input',
      message: error.message,
      details: { model: error.model, issues: error.issues },
      ...(first && first.path.length > 0 ? { param: formatIssuePath(first.path) } : {}),
    });
  }
  if (UnknownModelError.isInstance(error)) {
    return new GatewayError({
      status: 404,
      code: 'unknown_model',
      message: error.message,
      details: {
        model: error.model,
        suggestions: error.suggestions,
        candidates: error.candidates,
      },
      param: 'model',
    });
  }
  if (ContentFilteredError.isInstance(error)) {
    return new GatewayError({
      status: 422,
      code: 'content_filtered',
      message: error.message,
      details: {
        provider: error.provider,
        stage: error.stage,
        reason: error.reason,
        billed: error.billed,
      },
    });
  }
  if (RateLimitError.isInstance(error)) {
    return new GatewayError({
      status: 429,
      code: 'rate_limited',
      message: error.message,
      details: {
        provider: error.provider,
        retryAfterMs: error.retryAfterMs,
        requestId: error.requestId,
      },
      headers: retryAfterHeader(error.retryAfterMs),
    });
  }
  if (TimeoutError.isInstance(error)) {
    return new GatewayError({
      status: 504,
      code: 'timeout',
      message: error.message,
      details: { provider: error.provider, phase: error.phase, timeoutMs: error.timeoutMs },
    });
  }
  if (MissingApiKeyError.isInstance(error)) {
    return new GatewayError({
      status: 503,
      code: 'provider_not_configured',
      message: `The gateway is not configured for ${error.provider}: ${error.message}`,
      details: { provider: error.provider },
    });
  }
  if (AbortError.isInstance(error)) {
    return new GatewayError({ status: 503, code: 'aborted', message: error.message });
  }
  if (ProviderError.isInstance(error)) {
    // A model the provider has retired is the caller's to change, not an upstream failure.
    const retired = error.providerCode === 'model_retired';
    return new GatewayError({
      status: retired ? 410 : 502,
      code: retired ? 'model_retired' : 'provider_error',
      message: error.message,
      details: {
        provider: error.provider,
        status: error.status,
        providerCode: error.providerCode,
        requestId: error.requestId,
        retryable: error.retryable,
      },
    });
  }
  return new GatewayError({ status: 502, code: error.code, message: error.message });
}

/** Fastify and @fastify/multipart error codes → the gateway's status and code. */
const frameworkErrors: Readonly<Record<string, { status: number; code: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_PARTS_LIMIT: { status: 413, code: 'body_too_large' },
  FST_FILES_LIMIT: { status: 413, code: 'body_too_large' },
  FST_FIELDS_LIMIT: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json' },
  FST_PROTO_VIOLATION: { status: 400, code: 'invalid_body' },
};

/**
 * Turn anything a route or hook threw into a `GatewayError`. Easel errors keep their meaning
 * (400 invalid input, 404 unknown model, 422 content filtered, 429 rate limited, 502 provider
 * error, 504 timeout); framework errors keep their 4xx status; anything unexpected is a 500 whose
 * message says nothing about the cause (it is logged instead).
 */
export function toGatewayError(error: unknown): GatewayError {
  if (GatewayError.isInstance(error)) return error;
  if (EaselError.isEaselError(error)) return fromEaselError(error);
  if (OverloadedError.isInstance(error)) {
    return new GatewayError({
      status: 503,
      code: 'overloaded',
      message: error.message,
      details: { reason: error.reason, retryAfterMs: error.retryAfterMs },
      headers: retryAfterHeader(error.retryAfterMs),
    });
  }
  if (StoreCapacityError.isInstance(error)) {
    return new GatewayError({
      status: 503,
      code: 'storage_full',
      message: 'The gateway has no room left to keep results; try again shortly.',
      details: { namespace: error.namespace },
      headers: retryAfterHeader(5000),
    });
  }
  if (StoreClosedError.isInstance(error)) {
    return new GatewayError({
      status: 503,
      code: 'shutting_down',
      message: 'The gateway is shutting down; retry against another instance.',
      // Like the refusal of the `onRequest` hook: a request that raced the close gets the same
      // answer, Retry-After included.
      headers: { connection: 'close', 'retry-after': '1' },
    });
  }
  if (typeof error === 'object' && error !== null) {
    const { code, statusCode, message } = error as {
      code?: unknown;
      statusCode?: unknown;
      message?: unknown;
    };
    const known = typeof code === 'string' ? frameworkErrors[code] : undefined;
    if (known) {
      return new GatewayError({
        ...known,
        message: typeof message === 'string' ? message : known.code,
      });
    }
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return new GatewayError({
        status: statusCode,
        code: 'bad_request',
        message: typeof message === 'string' ? message : 'bad request',
      });
    }
  }
  return new GatewayError({
    status: 500,
    code: 'internal_error',
    message: 'The gateway failed unexpectedly; the error was logged with the request id.',
  });
}
