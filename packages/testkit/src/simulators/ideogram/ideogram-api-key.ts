import type { SimulatorRequest } from '../../simulator/index.js';
import { problem } from './ideogram-api-error.js';
import type { IdeogramOperation } from './ideogram-operations.js';

/** The key a request carries in its `Api-Key` header, trimmed; `undefined` when absent or blank. */
export function readApiKey(request: Pick<SimulatorRequest, 'headers'>): string | undefined {
  const key = request.headers['api-key']?.trim();
  return key === undefined || key === '' ? undefined : key;
}

/** Whether a key is accepted: any non-empty key when `expected` is undefined, else only `expected`. */
export function acceptsApiKey(key: string | undefined, expected: string | undefined): boolean {
  return key !== undefined && (expected === undefined || key === expected);
}

/**
 * Checks the `Api-Key` header (the spec's `ApiKeyAuth`; its `BearerAuth` JWTs are not accepted).
 * The key is never echoed.
 *
 * @returns The accepted key.
 * @throws IdeogramApiError with the status the spec documents for the operation (401, or 403
 *   for remix): "No API key provided" or "Provided API key is not valid".
 */
export function checkApiKey(
  request: SimulatorRequest,
  operation: IdeogramOperation,
  expected: string | undefined,
): string {
  const key = readApiKey(request);
  if (key !== undefined && acceptsApiKey(key, expected)) return key;
  throw problem(
    operation.unauthorizedStatus,
    key === undefined
      ? 'No API key provided: send it in the Api-Key header.'
      : 'Provided API key is not valid.',
  );
}
