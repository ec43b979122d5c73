import type { ImagenModelCapabilities } from './imagen-models.js';
import type { ImagenPredictParameters } from './imagen-predict-request.js';
import type { ImagenTransport } from './imagen-route.js';

/** Parameters only Vertex AI takes; the Gemini API refuses them. */
export const vertexOnlyParameters: readonly string[] = [
  'negativePrompt',
  'seed',
  'addWatermark',
  'enhancePrompt',
  'storageUri',
];

/** What the rules look at. */
export interface ImagenParameterContext {
  readonly transport: ImagenTransport;
  readonly model: string;
  readonly capabilities: ImagenModelCapabilities;
  readonly parameters: ImagenPredictParameters;
}

/**
 * The first parameter the model or the API refuses although the schema allows it: a Vertex-only
 * parameter on the Gemini API (the first one sent), `sampleImageSize` on a model without image
 * sizes (any value, `1K` included), a `storageUri` that is not a `gs://` URI.
 *
 * @returns The INVALID_ARGUMENT message, or `undefined` when every parameter is accepted.
 */
export function findParameterProblem(context: ImagenParameterContext): string | undefined {
  const { transport, model, capabilities, parameters } = context;
  if (transport === 'gemini') {
    const refused = Object.keys(parameters).find(name => vertexOnlyParameters.includes(name));
    if (refused !== undefined) return `${refused} parameter is not supported in the Gemini API.`;
  }
  if (parameters.sampleImageSize !== undefined && !capabilities.acceptsImageSize) {
    return `sampleImageSize is not supported by ${model}: only Imagen 4 Standard and Ultra models accept it.`;
  }
  const { storageUri } = parameters;
  if (storageUri !== undefined && !/^gs:\/\/[^/]+/.test(storageUri)) {
    return `storageUri must be a Cloud Storage URI such as gs://bucket/folder, got ${JSON.stringify(storageUri)}.`;
  }
  return undefined;
}
