import {
  createSeededRandom,
  type Simulator,
  type SimulatorContext,
  type SimulatorRequest,
  type SimulatorResponse,
  startSimulator,
} from '../../simulator/index.js';
import { type EditInputs, readJsonInputs, readMultipartInputs } from './edit-inputs.js';
import {
  checkParameters,
  type ImageSize,
  parseSize,
  resolveImageRequest,
} from './image-request.js';
import { imageResponse } from './image-response.js';
import { accessModel } from './model-access.js';
import { invalidValue, OpenAIApiError } from './openai-api-error.js';
import { checkAuthorization } from './openai-authorization.js';
import {
  defaultEditModel,
  defaultGenerationModel,
  defaultGptImageGenerationModel,
  gptImageOnlyGenerationParameters,
  openaiModelProfiles,
} from './openai-models.js';
import type { OpenAISimulatorOptions } from './openai-simulator-options.js';
import { nearestSize } from './openai-usage.js';
import { readRequestBody } from './read-request-body.js';
import { SignedImageStore } from './signed-image-store.js';
import {
  checkModeration,
  checkRateLimit,
  imagesPerMinuteLimit,
  rateLimitResetSeconds,
} from './test-prompt-outcomes.js';

const defaultUrlTtlMs = 3_600_000;
const defaultStreamIntervalMs = 20;
const squareSize = parseSize('1024x1024');

interface SimulatorState {
  readonly options: OpenAISimulatorOptions;
  readonly seed: number;
  readonly organization: string;
  /** The organization's name, as the `openai-organization` header carries it. */
  readonly organizationName: string;
  readonly store: SignedImageStore;
  readonly streamIntervalMs: number;
}

interface Exchange {
  readonly request: SimulatorRequest;
  readonly context: SimulatorContext;
  readonly requestId: string;
}

/**
 * Starts a loopback simulator of OpenAI's Images API, written from the OpenAPI spec: point an
 * adapter's `baseURL` at `${simulator.url}/v1`.
 *
 * - `POST /v1/images/generations` (JSON) and `POST /v1/images/edits` (multipart with `image` or
 *   repeated `image[]` parts and an optional `mask`, or JSON with `images[].image_url`);
 * - every body is validated against the spec operation, then against the model's own rules, and
 *   refused with OpenAI's error shape and codes;
 * - real PNG/JPEG/WebP images of the requested size, deterministic from seed, prompt and inputs;
 * - streaming (`stream: true`) as server-sent events; DALL·E URLs on a signed, expiring route;
 * - `openaiTestPrompts` trigger moderation and rate-limit answers; fault injection works as on
 *   any simulator.
 *
 * @throws TypeError when an option is out of range.
 * @example
 * const simulator = await startOpenAISimulator({ apiKey: 'sk-test-1234567890' });
 * const provider = createOpenAI({ apiKey: 'sk-test-1234567890', baseURL: `${simulator.url}/v1` });
 * // …
 * expect(simulator.errors).toEqual([]);
 * await simulator.close();
 */
export async function startOpenAISimulator(
  options: OpenAISimulatorOptions = {},
): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const urlTtlMs = options.urlTtlMs ?? defaultUrlTtlMs;
  const streamIntervalMs = options.streamIntervalMs ?? defaultStreamIntervalMs;
  for (const [name, value] of [
    ['urlTtlMs', urlTtlMs],
    ['streamIntervalMs', streamIntervalMs],
  ] as const) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`startOpenAISimulator: ${name} must be a number >= 0, got ${value}`);
    }
  }
  if (options.apiKey !== undefined && options.apiKey.trim().length === 0) {
    throw new TypeError('startOpenAISimulator: apiKey must not be empty');
  }
  const random = createSeededRandom(seed);
  const state: SimulatorState = {
    options,
    seed,
    organization: `org-${randomText(random, 24, alphanumeric)}`,
    organizationName: `user-${randomText(random, 24, hexadecimal)}`,
    store: new SignedImageStore(urlTtlMs),
    streamIntervalMs,
  };
  return startSimulator({
    ...(options.port === undefined ? {} : { port: options.port }),
    seed,
    handler: (request, context) => handle(state, request, context),
  });
}

function handle(
  state: SimulatorState,
  request: SimulatorRequest,
  context: SimulatorContext,
): SimulatorResponse {
  if (state.store.handles(request)) return state.store.serve(request);
  const exchange = {
    request,
    context,
    requestId: `req_${randomText(context.random, 32, hexadecimal)}`,
  };
  const headers = (extra: Readonly<Record<string, string>>) => ({
    'x-request-id': exchange.requestId,
    'openai-organization': state.organizationName,
    'openai-version': '2020-10-01',
    'openai-processing-ms': String(Math.max(1, Date.now() - request.receivedAt)),
    ...extra,
  });
  try {
    const response = route(state, exchange);
    return {
      ...response,
      headers: headers({
        ...response.headers,
        'x-ratelimit-limit-requests': String(imagesPerMinuteLimit),
        'x-ratelimit-remaining-requests': String(imagesPerMinuteLimit - 1),
        'x-ratelimit-reset-requests': `${rateLimitResetSeconds}s`,
      }),
    };
  } catch (error) {
    if (!(error instanceof OpenAIApiError)) throw error;
    return { status: error.status, headers: headers(error.headers), body: { error: error.error } };
  }
}

function route(state: SimulatorState, exchange: Exchange): SimulatorResponse {
  const { request } = exchange;
  checkAuthorization(request, state.options.apiKey);
  if (request.method === 'POST' && request.path === '/v1/images/generations') {
    return createImage(state, exchange);
  }
  if (request.method === 'POST' && request.path === '/v1/images/edits') {
    return createImageEdit(state, exchange);
  }
  throw new OpenAIApiError({
    status: 404,
    message: `Invalid URL (${request.method} ${request.path})`,
  });
}

function createImage(state: SimulatorState, exchange: Exchange): SimulatorResponse {
  const { fields } = readRequestBody(exchange.request, '/images/generations');
  const usesGptImageParameter = gptImageOnlyGenerationParameters.some(name => name in fields);
  const model =
    (fields.model as string | undefined) ??
    (usesGptImageParameter ? defaultGptImageGenerationModel : defaultGenerationModel);
  const profile = accessModel(model, organizationAccess(state));
  checkRateLimit(fields.prompt as string, rateLimitDetails(state, model, fields));
  const request = resolveImageRequest(fields, {
    model,
    profile,
    parameters: profile.generationParameters,
    sizes: profile.generationSizes,
    defaultSize: profile.family === 'gpt-image' ? 'auto' : '1024x1024',
    autoSize: squareSize,
  });
  checkModeration(request.prompt, { family: profile.family, requestId: exchange.requestId });
  return respond(state, exchange, { kind: 'image_generation', request });
}

function createImageEdit(state: SimulatorState, exchange: Exchange): SimulatorResponse {
  const body = readRequestBody(exchange.request, '/images/edits');
  const { fields } = body;
  const model = (fields.model as string | undefined) ?? defaultEditModel;
  const profile = accessModel(model, organizationAccess(state));
  const edit = profile.edit;
  const parameters = body.kind === 'json' ? edit?.jsonParameters : edit?.multipartParameters;
  if (edit === undefined || parameters === undefined) {
    const editors = Object.entries(openaiModelProfiles)
      .filter(([, candidate]) =>
        body.kind === 'json' ? candidate.edit?.jsonParameters : candidate.edit,
      )
      .map(([name]) => name);
    throw invalidValue('model', model, editors);
  }
  checkRateLimit(fields.prompt as string, rateLimitDetails(state, model, fields));
  checkParameters(fields, parameters);
  const inputs: EditInputs =
    body.kind === 'json' ? readJsonInputs(fields, edit) : readMultipartInputs(body.parts, edit);
  const request = resolveImageRequest(fields, {
    model,
    profile,
    parameters,
    sizes: edit.sizes,
    defaultSize: body.kind === 'json' ? 'auto' : '1024x1024',
    autoSize: autoEditSize(inputs),
  });
  checkModeration(request.prompt, { family: profile.family, requestId: exchange.requestId });
  return respond(state, exchange, { kind: 'image_edit', request, inputs });
}

function respond(
  state: SimulatorState,
  exchange: Exchange,
  answer: Pick<Parameters<typeof imageResponse>[0], 'kind' | 'request' | 'inputs'>,
): SimulatorResponse {
  return imageResponse({
    ...answer,
    seed: state.seed,
    store: state.store,
    baseUrl: exchange.context.baseUrl,
    streamIntervalMs: state.streamIntervalMs,
    signal: exchange.context.signal,
  });
}

function organizationAccess(state: SimulatorState) {
  return { organizationVerified: state.options.organizationVerified ?? true };
}

function rateLimitDetails(
  state: SimulatorState,
  model: string,
  fields: Readonly<Record<string, unknown>>,
) {
  return { model, organization: state.organization, images: (fields.n as number | undefined) ?? 1 };
}

/** `size: auto` on an edit follows the first input's aspect ratio; an unfetched URL counts as square. */
function autoEditSize(inputs: EditInputs): ImageSize {
  const first = inputs.images[0];
  if (first?.width === undefined || first.height === undefined) return squareSize;
  return parseSize(nearestSize(first.width, first.height));
}

const hexadecimal = '0123456789abcdef';
const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(random: () => number, length: number, alphabet: string): string {
  let text = '';
  for (let index = 0; index < length; index += 1) {
    text += alphabet[Math.floor(random() * alphabet.length)];
  }
  return text;
}
