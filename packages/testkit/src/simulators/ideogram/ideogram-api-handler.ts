import type {
  SimulatorContext,
  SimulatorRequest,
  SimulatorResponse,
  WireHandler,
} from '../../simulator/index.js';
import type { EphemeralImageHost } from './ephemeral-image-host.js';
import { IdeogramApiError, problem, safetyCheckFailed } from './ideogram-api-error.js';
import { acceptsApiKey, checkApiKey, readApiKey } from './ideogram-api-key.js';
import { findOperation } from './ideogram-operations.js';
import { checkRequestRules } from './ideogram-request-rules.js';
import { ideogramTestPrompts } from './ideogram-test-prompts.js';
import { imageGenerationResponse } from './image-generation-response.js';
import type { InFlightLimiter } from './in-flight-limiter.js';
import { readIdeogramRequest } from './read-ideogram-request.js';

/** What the API handler works with. */
export interface IdeogramApiState {
  /** The only key accepted; any non-empty key when undefined. */
  readonly apiKey: string | undefined;
  readonly maxInFlight: number;
  readonly limiter: InFlightLimiter;
  readonly host: EphemeralImageHost;
  /** The file origin's URL, once it listens. */
  readonly filesOrigin: () => string;
}

/** The largest `seed` the spec allows. */
export const maximumSeed = 2_147_483_647;

const notFoundDetail =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

/**
 * The wire handler of the API origin. Checks run in this order, and the first failing one
 * answers: route (404, or 405 for another method), `Api-Key` (401, 403 for remix), in-flight limit
 * (429), media type (415), body and spec (400), request rules (400), `rateLimited` (429),
 * `unsafePrompt` (422). Refusals other than 422 are problem details.
 */
export function createIdeogramApiHandler(state: IdeogramApiState): WireHandler {
  return (request, context) => {
    try {
      return answer(state, request, context);
    } catch (error) {
      if (error instanceof IdeogramApiError) return error.toResponse();
      throw error;
    }
  };
}

function answer(
  state: IdeogramApiState,
  request: SimulatorRequest,
  context: SimulatorContext,
): SimulatorResponse {
  const operation = findOperation(request.path);
  if (operation === undefined) throw problem(404, notFoundDetail);
  if (request.method !== 'POST') {
    throw problem(405, 'The method is not allowed for the requested URL.', { allow: 'POST' });
  }
  const key = checkApiKey(request, operation, state.apiKey);
  if (!state.limiter.admit(request, key)) {
    throw problem(
      429,
      `Too many requests in flight: at most ${state.maxInFlight} concurrent requests per API key.`,
    );
  }
  try {
    const { fields, files } = readIdeogramRequest(request, operation);
    const inputs = checkRequestRules(operation, { fields, files });
    const prompt = typeof fields.prompt === 'string' ? fields.prompt : '';
    if (prompt.includes(ideogramTestPrompts.rateLimited)) {
      throw problem(429, 'Too many requests: the rate limit for this API key has been reached.');
    }
    if (prompt.includes(ideogramTestPrompts.unsafePrompt)) throw safetyCheckFailed();
    const seed =
      typeof fields.seed === 'number'
        ? fields.seed
        : Math.floor(context.random() * (maximumSeed + 1));
    return {
      body: imageGenerationResponse({
        operation,
        fields,
        inputs,
        seed,
        host: state.host,
        filesOrigin: state.filesOrigin(),
      }),
    };
  } finally {
    state.limiter.release(request);
  }
}

/** The key a recorded request counts under for the in-flight limit, if it counts at all. */
export function inFlightKey(
  request: SimulatorRequest,
  apiKey: string | undefined,
): string | undefined {
  if (request.method !== 'POST' || findOperation(request.path) === undefined) return undefined;
  const key = readApiKey(request);
  return acceptsApiKey(key, apiKey) ? key : undefined;
}
