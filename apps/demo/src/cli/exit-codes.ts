import {
  AbortError,
  ContentFilteredError,
  InvalidInputError,
  MissingApiKeyError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  UnknownModelError,
} from '@easel/core';
import { GatewayConfigError } from '@easel/gateway';
import { InvalidEnvironmentError } from '../environment/index.js';

/** The exit code of each class of outcome. Documented in the README; scripts rely on them. */
export const exitCodes = {
  ok: 0,
  /** A bug or an unexpected failure. */
  unexpected: 1,
  /** Bad arguments, invalid input, unknown model, unusable environment variable. */
  usage: 2,
  contentFiltered: 3,
  rateLimited: 4,
  /** The provider (or the gateway) failed or could not be reached. */
  upstream: 5,
  timeout: 6,
  /** A key is missing or was refused. */
  auth: 7,
  /** Ctrl+C (SIGINT) or SIGTERM. */
  interrupted: 130,
} as const;

/** A failure the CLI reports with its own exit code and one line on stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The exit code for a failure (typed Easel errors by class; anything else is unexpected). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (AbortError.isInstance(error)) return exitCodes.interrupted;
  if (
    InvalidInputError.isInstance(error) ||
    UnknownModelError.isInstance(error) ||
    InvalidEnvironmentError.isInstance(error) ||
    GatewayConfigError.isInstance(error) ||
    isParseArgsError(error)
  ) {
    return exitCodes.usage;
  }
  if (ContentFilteredError.isInstance(error)) return exitCodes.contentFiltered;
  if (RateLimitError.isInstance(error)) return exitCodes.rateLimited;
  if (TimeoutError.isInstance(error)) return exitCodes.timeout;
  if (MissingApiKeyError.isInstance(error)) return exitCodes.auth;
  if (ProviderError.isInstance(error)) {
    // A retired model is the caller's to change, like an unknown one.
    if (error.providerCode === 'model_retired') return exitCodes.usage;
    return error.status === 401 || error.status === 403 ? exitCodes.auth : exitCodes.upstream;
  }
  return exitCodes.unexpected;
}

/**
 * The exit code for an error the gateway answered: by its `code` when the gateway names one the
 * CLI knows (the core error codes, `provider_not_configured`), else by the HTTP status.
 */
export function exitCodeForGatewayError(code: string | undefined, status: number): number {
  switch (code) {
    case 'invalid_input':
    case 'unknown_model':
    case 'model_retired':
    case 'invalid_request':
    case 'not_found':
      return exitCodes.usage;
    case 'content_filtered':
      return exitCodes.contentFiltered;
    case 'rate_limited':
      return exitCodes.rateLimited;
    case 'timeout':
      return exitCodes.timeout;
    case 'missing_api_key':
    case 'provider_not_configured':
    case 'unauthorized':
    case 'forbidden':
      return exitCodes.auth;
  }
  if (status === 401 || status === 403) return exitCodes.auth;
  if (status === 429) return exitCodes.rateLimited;
  if (status === 408 || status === 504) return exitCodes.timeout;
  if (status >= 400 && status < 500) return exitCodes.usage;
  return exitCodes.upstream;
}

/** An error as one line for stderr: multi-line messages (lists of input problems) are joined. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/:\s*\n\s*-\s*/, ': ')
    .replace(/\n\s*-\s*/g, '; ')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
