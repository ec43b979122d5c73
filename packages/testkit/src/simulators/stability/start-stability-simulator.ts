import type { MultipartPart } from '../../simulator/multipart-parser.js';
import type { SimulatorRequest } from '../../simulator/simulator-request.js';
import type { SimulatorResponse } from '../../simulator/simulator-response.js';
import { type Simulator, startSimulator } from '../../simulator/start-simulator.js';
import type { SimulatorContext } from '../../simulator/wire-handler.js';
import { findClientHeaderProblems } from './client-headers.js';
import { readResponseFormat, unsupportedAcceptMessage } from './response-format.js';
import { readSd3Form } from './sd3-form.js';
import { renderSd3Image } from './sd3-image.js';
import { sd3Response } from './sd3-response.js';
import { readApiKey, unauthorizedMessage } from './stability-authorization.js';
import {
  type ErrorMessages,
  hasMessages,
  type StabilityErrorName,
  stabilityError,
} from './stability-error.js';
import {
  defaultStabilityRateLimit,
  rateLimitMessage,
  type StabilityRateLimit,
  StabilityRateLimiter,
} from './stability-rate-limiter.js';
import type { StabilitySimulatorOptions } from './stability-simulator-options.js';
import { findTestPromptRefusal, finishReasonFor } from './test-prompt-outcomes.js';

/** The one route the simulator serves. */
const sd3Path = '/v2beta/stable-image/generate/sd3';
const largestBodyBytes = 10 * 1024 * 1024;
const largestSeed = 4_294_967_294;
const hexadecimal = '0123456789abcdef';

interface SimulatorState {
  readonly apiKey: string | undefined;
  readonly rateLimit: StabilityRateLimit;
  readonly limiter: StabilityRateLimiter;
}

/**
 * Starts a loopback simulator of Stability AI's Stable Diffusion 3.5 endpoint,
 * `POST /v2beta/stable-image/generate/sd3`, written from Stability's spec: an adapter uses
 * `simulator.url` as its base URL.
 *
 * Checks run in this order, and the first failing one answers, always in Stability's error shape
 * `{"id","name","errors":[…]}` with the id repeated in `x-request-id`:
 * 1. route: anything but `POST` on the path → 404 `not_found`;
 * 2. `authorization: Bearer <key>` missing, malformed or not `apiKey` → 401 `unauthorized`
 *    (undeclared for this path in the spec; the status and shape Stability's other endpoints use);
 * 3. the key's rate limit (`rateLimit`) → 429 `rate_limit_exceeded`; every authenticated request
 *    counts, whatever comes of it;
 * 4. a body over 10 MiB → 413 `payload_too_large`;
 * 5. an `accept` that is neither `image/*` nor `application/json`, `stability-client-*` headers
 *    over 256 characters → 400 `bad_request`, one message each;
 * 6. a body that is not `multipart/form-data` (JSON and urlencoded included) → 400;
 * 7. the form against the request schema → 400, one message per problem (see `readSd3Form`);
 * 8. `stabilityTestPrompts` → 429, 403 or 422.
 *
 * Then it answers 200 with one real image (`stabilityOutputSizes[aspect_ratio]`, or the input's
 * size rounded down to multiples of 64 for image-to-image) in `output_format`, as raw bytes with
 * `finish-reason` and `seed` headers or as JSON, following `accept`. A request without a seed (or
 * with `seed=0`) gets one drawn from the simulator's seeded generator, reported like any other;
 * sending it back gives the same picture. Fault injection works as with `startSimulator`.
 *
 * @throws TypeError when an option is out of range.
 * @example
 * const simulator = await startStabilitySimulator({ apiKey: 'sk-test' });
 * const form = new FormData();
 * form.append('prompt', 'A deer drinking in the lake');
 * const response = await fetch(`${simulator.url}/v2beta/stable-image/generate/sd3`, {
 *   method: 'POST',
 *   headers: { authorization: 'Bearer sk-test', accept: 'image/*' },
 *   body: form,
 * });
 * response.headers.get('finish-reason'); // 'SUCCESS'
 * await simulator.close();
 */
export async function startStabilitySimulator(
  options: StabilitySimulatorOptions = {},
): Promise<Simulator> {
  const { apiKey, port, seed = 1 } = options;
  if (apiKey !== undefined && !/^\S+$/.test(apiKey)) {
    throw new TypeError(
      'startStabilitySimulator: apiKey must be a non-empty key without spaces; leave it out to accept any',
    );
  }
  const rateLimit = checkRateLimit(options.rateLimit ?? defaultStabilityRateLimit);
  const limiter = new StabilityRateLimiter(rateLimit);
  const state: SimulatorState = { apiKey, rateLimit, limiter };
  const simulator = await startSimulator({
    ...(port === undefined ? {} : { port }),
    seed,
    handler: (request, context) => handle(state, request, context),
  });
  const resetSimulator = simulator.reset;
  return Object.assign(simulator, {
    /** Also forgets the rate limiter's counts and time-outs. */
    reset: () => {
      limiter.clear();
      resetSimulator();
    },
  });
}

function handle(
  state: SimulatorState,
  request: SimulatorRequest,
  context: SimulatorContext,
): SimulatorResponse {
  const requestId = randomHex(context.random, 32);
  const refuse = (name: StabilityErrorName, ...errors: ErrorMessages) =>
    stabilityError(name, errors, requestId);

  if (request.method !== 'POST' || request.path !== sd3Path) {
    return refuse('not_found', `${request.method} ${request.path}: no such route`);
  }
  const key = readApiKey(request, state.apiKey);
  if (key === undefined) return refuse('unauthorized', unauthorizedMessage);
  if (!state.limiter.admit(key)) {
    return refuse('rate_limit_exceeded', rateLimitMessage(state.rateLimit));
  }
  if (request.body.byteLength > largestBodyBytes) {
    return refuse('payload_too_large', 'payloads cannot be larger than 10MiB in size');
  }
  const responseFormat = readResponseFormat(request.headers.accept);
  const headerProblems = findClientHeaderProblems(request);
  if (responseFormat === undefined) {
    return refuse('bad_request', unsupportedAcceptMessage, ...headerProblems);
  }
  if (hasMessages(headerProblems)) return refuse('bad_request', ...headerProblems);

  const parts = readParts(request);
  if (typeof parts === 'string') return refuse('bad_request', parts);
  const reading = readSd3Form(parts);
  if ('problems' in reading) return refuse('bad_request', ...reading.problems);
  const { form } = reading;
  const refusal = findTestPromptRefusal(form.prompt, state.rateLimit);
  if (refusal !== undefined) return refuse(refusal.name, refusal.message);

  const seed = form.seed === 0 ? 1 + Math.floor(context.random() * largestSeed) : form.seed;
  const finishReason = finishReasonFor(form.prompt);
  const image = renderSd3Image(form, seed, finishReason);
  return sd3Response(
    { image, outputFormat: form.outputFormat, finishReason, seed, requestId },
    responseFormat,
  );
}

/** The multipart parts, or the 400 message when the body is not a readable multipart form. */
function readParts(request: SimulatorRequest): MultipartPart[] | string {
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.split(';', 1)[0]?.trim().toLowerCase() !== 'multipart/form-data') {
    return 'content-type: must be multipart/form-data';
  }
  try {
    return request.multipart();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message.replace(/^parseMultipart: /, '') : '';
    return `body: is not a valid multipart/form-data body (${reason})`;
  }
}

function checkRateLimit(limit: StabilityRateLimit): StabilityRateLimit {
  const { requests, windowMs, penaltyMs } = limit;
  if (!(Number.isInteger(requests) && requests >= 1)) {
    throw new TypeError(
      `startStabilitySimulator: rateLimit.requests must be an integer >= 1, got ${requests}`,
    );
  }
  if (!(Number.isFinite(windowMs) && windowMs > 0)) {
    throw new TypeError(
      `startStabilitySimulator: rateLimit.windowMs must be a number > 0, got ${windowMs}`,
    );
  }
  if (!(Number.isFinite(penaltyMs) && penaltyMs >= 0)) {
    throw new TypeError(
      `startStabilitySimulator: rateLimit.penaltyMs must be a number >= 0, got ${penaltyMs}`,
    );
  }
  return { requests, windowMs, penaltyMs };
}

function randomHex(random: () => number, length: number): string {
  let text = '';
  for (let index = 0; index < length; index += 1) {
    text += hexadecimal[Math.floor(random() * hexadecimal.length)];
  }
  return text;
}
