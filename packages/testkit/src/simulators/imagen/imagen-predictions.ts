import { synthesizeImage } from '../../images/synthesize-image.js';
import { createSeededRandom } from '../../simulator/seeded-random.js';
import type { JsonValue } from '../../simulator/simulator-response.js';
import type { ImagenModelCapabilities } from './imagen-models.js';
import { imagenOutputSizes } from './imagen-output-sizes.js';
import type { ImagenPredictParameters } from './imagen-predict-request.js';
import type { ImagenTransport } from './imagen-route.js';
import { imagenTestPrompts } from './imagen-test-prompts.js';

/** Everything a successful `:predict` answer is made from. */
export interface ImagenGeneration {
  readonly transport: ImagenTransport;
  readonly capabilities: ImagenModelCapabilities;
  readonly prompt: string;
  readonly parameters: ImagenPredictParameters;
  /** Picks the pictures when the request's own `seed` is not honoured. */
  readonly defaultSeed: number;
  /** Keeps each request's Cloud Storage object names apart. */
  readonly requestId: number;
}

type Prediction = { readonly [key: string]: JsonValue };

/** Images per request when `sampleCount` is absent (Google's documented REST default). */
export const defaultSampleCount = 4;
const defaultJpegQuality = 75;
const imageSafetyCategories = ['Porn', 'Violence'];
const enhancementSuffix =
  'captured in rich, lifelike detail with soft natural lighting, a balanced composition, true-to-life colours and a shallow depth of field that keeps the subject in crisp focus';

/**
 * The body of a successful `:predict` answer: `{ predictions: [...] }`, or `{}` when nothing is
 * left to return (every image filtered, no RAI reason, no safety attributes), as Google answers.
 *
 * Images come first, one per `sampleCount` (default 4, at most the model's per-request maximum);
 * then a `raiFilteredReason`-only item when `includeRaiReason` and something was filtered; then
 * the `"Positive Prompt"` safety item when `includeSafetyAttributes`.
 */
export function generateImagenPredictions(generation: ImagenGeneration): JsonValue {
  const { prompt, parameters, capabilities, transport } = generation;
  const requested = parameters.sampleCount ?? defaultSampleCount;
  const produced = Math.min(requested, capabilities.maximumImagesPerRequest);
  const filtered = prompt.includes(imagenTestPrompts.filterAll)
    ? produced
    : prompt.includes(imagenTestPrompts.filterOne)
      ? Math.min(1, produced)
      : 0;
  const enhanced =
    transport === 'vertex' && parameters.enhancePrompt === true ? enhance(prompt) : undefined;
  const predictions: Prediction[] = Array.from({ length: produced - filtered }, (_, index) =>
    imagePrediction(generation, index, enhanced),
  );
  if (filtered > 0 && parameters.includeRaiReason === true) {
    predictions.push({ raiFilteredReason: filteredReason(filtered) });
  }
  if (parameters.includeSafetyAttributes === true) {
    predictions.push({
      safetyAttributes: { categories: [], scores: [] },
      contentType: 'Positive Prompt',
    });
  }
  return predictions.length === 0 ? {} : { predictions };
}

function imagePrediction(
  generation: ImagenGeneration,
  index: number,
  enhancedPrompt: string | undefined,
): Prediction {
  const { parameters, transport } = generation;
  const prompt = enhancedPrompt ?? generation.prompt;
  const jpeg = parameters.outputOptions?.mimeType === 'image/jpeg';
  const mimeType = jpeg ? 'image/jpeg' : 'image/png';
  const storageUri = transport === 'vertex' ? parameters.storageUri : undefined;
  const image: Prediction =
    storageUri === undefined
      ? { bytesBase64Encoded: encodeImage(generation, prompt, index, jpeg) }
      : {
          gcsUri: `${storageUri.replace(/\/+$/, '')}/${generation.requestId}/sample_${index}.${jpeg ? 'jpg' : 'png'}`,
        };
  return {
    ...image,
    mimeType,
    ...(enhancedPrompt === undefined ? {} : { prompt: enhancedPrompt }),
    ...(parameters.includeSafetyAttributes === true
      ? { safetyAttributes: imageSafetyAttributes(prompt, index) }
      : {}),
  };
}

function encodeImage(
  generation: ImagenGeneration,
  prompt: string,
  index: number,
  jpeg: boolean,
): string {
  const { parameters, transport } = generation;
  const { width, height } =
    imagenOutputSizes[parameters.sampleImageSize ?? '1K'][parameters.aspectRatio ?? '1:1'];
  // Vertex honours `seed` only without the watermark; the Gemini API never takes it.
  const honoursSeed = transport === 'vertex' && parameters.addWatermark === false;
  const seed = (honoursSeed ? parameters.seed : undefined) ?? generation.defaultSeed;
  const quality = Math.max(1, parameters.outputOptions?.compressionQuality ?? defaultJpegQuality);
  const bytes = synthesizeImage({
    width,
    height,
    format: jpeg ? 'jpeg' : 'png',
    seed,
    prompt: `${index}\u0000${prompt}`,
    ...(jpeg ? { quality } : {}),
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function imageSafetyAttributes(prompt: string, index: number): JsonValue {
  const random = createSeededRandom(hashText(`${index}\u0000${prompt}`));
  return {
    categories: imageSafetyCategories,
    scores: imageSafetyCategories.map(() => Math.round(random() * 10) / 100),
  };
}

function enhance(prompt: string): string {
  return `${prompt.trim().replace(/[.!?]+$/, '')}, ${enhancementSuffix}.`;
}

function filteredReason(count: number): string {
  return `Your current safety filter threshold filtered out ${count} generated images. You will not be charged for blocked images. Try rephrasing the prompt. If you think this was an error, send feedback.`;
}

/** FNV-1a, 32 bits: a stable integer seed from a text. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}
