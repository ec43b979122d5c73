import { randomHex } from '../random-tokens.js';

/** The header a request id is read from and echoed in. */
export const requestIdHeader = 'x-request-id';

const acceptable = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * The request id: the caller's `x-request-id` when it is a short token of safe characters (so it
 * can be logged and echoed as is), otherwise a new random one, `req_<24 hex>`.
 */
export function requestIdFor(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && acceptable.test(value)) return value;
  return `req_${randomHex(12)}`;
}
