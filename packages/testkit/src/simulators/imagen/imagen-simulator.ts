import type { SimulatorRequest } from '../../simulator/simulator-request.js';
import type { SimulatorResponse } from '../../simulator/simulator-response.js';
import { type Simulator, startSimulator } from '../../simulator/start-simulator.js';
import { googleError, googleJsonContentType } from './google-error.js';
import { authenticateImagenRequest } from './imagen-authentication.js';
import { imagenModelCapabilities, imagenRetiredModels } from './imagen-models.js';
import { findParameterProblem } from './imagen-parameter-rules.js';
import { readImagenPredictRequest } from './imagen-predict-request.js';
import { generateImagenPredictions } from './imagen-predictions.js';
import { type ImagenRoute, matchImagenRoute } from './imagen-route.js';
import { imagenTestPrompts } from './imagen-test-prompts.js';

/** Options of `startImagenSimulator`. */
export interface ImagenSimulatorOptions {
  /** Port to listen on. Default: 0 (any free port). */
  port?: number;
  /**
   * Integer seed of the simulator's fault draws and of the pictures of requests whose own `seed`
   * is not honoured. Default: 1.
   */
  seed?: number;
  /** The only Gemini API key accepted (`x-goog-api-key` header or `?key=`). Default: any non-empty key. */
  apiKey?: string;
  /** The only Vertex AI access token accepted (`Authorization: Bearer`). Default: any non-empty token. */
  accessToken?: string;
  /** Model ids answered with 404 NOT_FOUND (retired upstream). Default: `imagenRetiredModels`. */
  retiredModels?: readonly string[];
}

const defaultSeed = 1;
const blockedPromptMessage =
  "Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 15236754";
const exhaustedMessage = 'Resource has been exhausted (e.g. check quota).';

/**
 * Starts a loopback simulator of Google Imagen's `:predict` REST API, on both transports:
 * - Gemini API: `POST /v1beta/models/{model}:predict` with `x-goog-api-key` (or `?key=`), so an
 *   adapter's Gemini base URL is `${simulator.url}/v1beta`;
 * - Vertex AI: `POST /v1/projects/{project}/locations/{location}/publishers/google/models/{model}:predict`
 *   with `Authorization: Bearer <token>`, so its Vertex base URL is `${simulator.url}/v1`.
 *
 * Bodies are validated against the Imagen request schema and refused in Google's wording and
 * error envelope. Answers carry real PNG or JPEG images of the size Imagen renders
 * (`imagenOutputSizes`), deterministic from the prompt and the seed. `imagenTestPrompts` trigger
 * the documented failures. Fault injection works as with `startSimulator`.
 *
 * Checks run in this order, and the first failing one answers: route (404), credentials,
 * body and schema (400), model (404 for unknown and retired ids), `rateLimited` prompt (429),
 * model and API parameter rules (400), `promptBlocked` prompt (400).
 *
 * @example
 * const simulator = await startImagenSimulator({ apiKey: 'test-key' });
 * await fetch(`${simulator.url}/v1beta/models/imagen-4.0-generate-001:predict`, {
 *   method: 'POST',
 *   headers: { 'x-goog-api-key': 'test-key', 'content-type': 'application/json' },
 *   body: JSON.stringify({ instances: [{ prompt: 'A deer' }], parameters: { sampleCount: 1 } }),
 * });
 * await simulator.close();
 */
export async function startImagenSimulator(
  options: ImagenSimulatorOptions = {},
): Promise<Simulator> {
  const { apiKey, accessToken, port, seed = defaultSeed } = options;
  for (const [name, value] of Object.entries({ apiKey, accessToken })) {
    if (value === '') {
      throw new TypeError(
        `startImagenSimulator: ${name} must not be empty; leave it out to accept any`,
      );
    }
  }
  const retiredModels = new Set(options.retiredModels ?? imagenRetiredModels);

  const predict = (request: SimulatorRequest, route: ImagenRoute): SimulatorResponse => {
    const reading = readImagenPredictRequest(request.body);
    if ('problem' in reading) return googleError('INVALID_ARGUMENT', reading.problem);
    const capabilities = imagenModelCapabilities.get(route.model);
    if (capabilities === undefined || retiredModels.has(route.model)) {
      return modelNotFound(route);
    }
    const { prompt, parameters } = reading.request;
    if (prompt.includes(imagenTestPrompts.rateLimited)) {
      return googleError('RESOURCE_EXHAUSTED', exhaustedMessage);
    }
    const problem = findParameterProblem({ ...route, capabilities, parameters });
    if (problem !== undefined) return googleError('INVALID_ARGUMENT', problem);
    if (prompt.includes(imagenTestPrompts.promptBlocked)) {
      return googleError('INVALID_ARGUMENT', blockedPromptMessage);
    }
    const body = generateImagenPredictions({
      transport: route.transport,
      capabilities,
      prompt,
      parameters,
      defaultSeed: seed,
      requestId: request.id,
    });
    return { headers: { 'content-type': googleJsonContentType }, body };
  };

  return startSimulator({
    ...(port === undefined ? {} : { port }),
    seed,
    handler: request => {
      const route = matchImagenRoute(request.path);
      if (route === undefined || request.method !== 'POST') return routeNotFound(request.path);
      const refused = authenticateImagenRequest(request, route.transport, {
        apiKey,
        accessToken,
      });
      if (refused !== undefined) return refused;
      if (route.method !== 'predict') return modelNotFound(route);
      return predict(request, route);
    },
  });
}

function modelNotFound(route: ImagenRoute): SimulatorResponse {
  if (route.transport === 'gemini') {
    return googleError(
      'NOT_FOUND',
      `models/${route.model} is not found for API version v1beta, or is not supported for ${route.method}. Call ListModels to see the list of available models and their supported methods.`,
    );
  }
  return googleError(
    'NOT_FOUND',
    `Publisher Model \`projects/${route.project}/locations/${route.location}/publishers/google/models/${route.model}\` was not found or your project does not have access to it.`,
  );
}

function routeNotFound(path: string): SimulatorResponse {
  return googleError('NOT_FOUND', `The requested URL ${path} was not found on this server.`);
}
