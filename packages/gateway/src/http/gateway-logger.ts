import { type Logger, type LoggerOptions, pino } from 'pino';

/**
 * Paths removed from every log line: credentials in request and response headers, wherever a
 * serializer or a caller puts them. Provider keys never reach a header the gateway logs, but a
 * custom serializer or a debugging `log.info({ req })` must not leak them either.
 */
export const redactedLogPaths: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-key"]',
  'req.headers["api-key"]',
  'req.headers["x-api-key"]',
  'req.headers["x-goog-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-key"]',
  'headers["api-key"]',
  'headers["x-api-key"]',
  'headers["x-goog-api-key"]',
  'res.headers["set-cookie"]',
  '*.apiKey',
  '*.authorization',
];

function isLogger(value: unknown): value is Logger {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Logger).child === 'function' &&
    typeof (value as Logger).info === 'function'
  );
}

function mergeRedaction(redact: LoggerOptions['redact']): LoggerOptions['redact'] {
  if (redact === undefined) return { paths: [...redactedLogPaths] };
  if (Array.isArray(redact)) return { paths: [...new Set([...redact, ...redactedLogPaths])] };
  return { ...redact, paths: [...new Set([...redact.paths, ...redactedLogPaths])] };
}

/**
 * The gateway's pino logger. `true` or `undefined`: JSON lines at `info` on stdout. `false`: a
 * logger that writes nothing. Options: a new logger with them. A logger: a child of it. The
 * credential paths of `redactedLogPaths` are redacted in every case.
 */
export function createGatewayLogger(option: boolean | LoggerOptions | Logger | undefined): Logger {
  if (option === false) return pino({ enabled: false });
  if (option === undefined || option === true) {
    return pino({ level: 'info', redact: mergeRedaction(undefined) });
  }
  if (isLogger(option)) return option.child({}, { redact: mergeRedaction(undefined) });
  return pino({ ...option, redact: mergeRedaction(option.redact) });
}

/**
 * A child of `logger` without redaction, for the one line per request whose fields the gateway
 * builds itself from values that cannot hold a credential (request id, method, route template,
 * status, duration). Redaction walks every field of every line (wildcard paths included), which
 * costs about as much as writing the line; everything else is logged through `logger`.
 */
export function plainFieldsLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: [] } });
}
