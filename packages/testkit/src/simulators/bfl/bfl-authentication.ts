import type { SimulatorRequest, SimulatorResponse } from '../../simulator/index.js';
import { detailResponse } from './fastapi-error.js';

/** The key a request was made with, or the answer refusing it. */
export type BflAuthentication = { readonly key: string } | { readonly refusal: SimulatorResponse };

/**
 * Checks the `x-key` header (BFL's `APIKeyHeader` scheme), with FastAPI's answers: 403
 * `{"detail":"Not authenticated"}` when it is missing or empty, 403 `{"detail":"Invalid API key"}`
 * when `apiKey` is set and the header differs.
 */
export function authenticateBflRequest(
  request: SimulatorRequest,
  apiKey: string | undefined,
): BflAuthentication {
  const key = request.headers['x-key'] ?? '';
  if (key.length === 0) return { refusal: detailResponse(403, 'Not authenticated') };
  if (apiKey !== undefined && key !== apiKey) {
    return { refusal: detailResponse(403, 'Invalid API key') };
  }
  return { key };
}
