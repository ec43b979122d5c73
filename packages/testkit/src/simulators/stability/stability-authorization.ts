import type { SimulatorRequest } from '../../simulator/simulator-request.js';

/** The message of every 401, whatever is wrong with the header (as Stability words it). */
export const unauthorizedMessage = 'authorization: invalid or missing header value';

/**
 * Reads the API key of `authorization: Bearer <key>` (scheme case-insensitive).
 *
 * @param expected The only key accepted; any non-empty key when undefined.
 * @returns The key, or `undefined` when the header is missing, not a bearer token, empty or not
 *   the expected key.
 */
export function readApiKey(
  request: Pick<SimulatorRequest, 'headers'>,
  expected: string | undefined,
): string | undefined {
  const key = /^Bearer\s+(\S+)$/i.exec((request.headers.authorization ?? '').trim())?.[1];
  if (key === undefined || (expected !== undefined && key !== expected)) return undefined;
  return key;
}
