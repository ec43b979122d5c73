import type { JsonValue, SimulatorResponse } from '../../simulator/index.js';
import type { EditInputs } from './edit-inputs.js';
import { imageEventStream } from './image-event-stream.js';
import type { ImageRequest } from './image-request.js';
import { imageTokenUsage } from './openai-usage.js';
import { imageSeed, renderImage, toBase64 } from './render-image.js';
import type { SignedImageStore } from './signed-image-store.js';

/** What an answer to an accepted request is made from. */
export interface ImageResponseContext {
  /** `image_generation` for `/images/generations`, `image_edit` for `/images/edits`. */
  readonly kind: 'image_generation' | 'image_edit';
  readonly request: ImageRequest;
  /** The edit's inputs; absent for generations. */
  readonly inputs?: EditInputs;
  /** The simulator's seed. */
  readonly seed: number;
  /** Where DALL·E `url` results are kept. */
  readonly store: SignedImageStore;
  /** The simulator's base URL, for DALL·E result URLs. */
  readonly baseUrl: string;
  readonly streamIntervalMs: number;
  readonly signal: AbortSignal;
}

/**
 * The success answer, per family: GPT image models get `ImagesResponse` with `b64_json` images,
 * the resolved `background`/`output_format`/`size`/`quality` and `usage` (or, streamed, the
 * server-sent events); DALL·E gets only `created` and `data` (signed `url`s unless `b64_json` was
 * asked for, plus `revised_prompt` on dall-e-3).
 */
export function imageResponse(context: ImageResponseContext): SimulatorResponse {
  const { request, inputs } = context;
  const fingerprints = [
    ...(inputs?.images ?? []).map(input => input.fingerprint),
    inputs?.mask?.fingerprint ?? '',
  ];
  const seedOf = (index: number) => imageSeed([context.seed, index, ...fingerprints]);
  const created = Math.floor(Date.now() / 1000);

  if (request.profile.family === 'dall-e') {
    const data = Array.from({ length: request.n }, (_, index) =>
      dallEImage(context, seedOf(index)),
    );
    return { body: { created, data } };
  }

  const usage = imageTokenUsage({
    prompt: request.prompt,
    quality: request.quality,
    size: request.size.label,
    n: request.n,
    inputs: inputs?.images ?? [],
    inputFidelity: request.inputFidelity,
    partialImages: request.partialImages,
  });
  if (request.stream) {
    return {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body: imageEventStream({
        kind: context.kind,
        request,
        seed: seedOf(0),
        usage,
        intervalMs: context.streamIntervalMs,
        signal: context.signal,
      }),
    };
  }
  const data = Array.from({ length: request.n }, (_, index) => ({
    b64_json: toBase64(renderImage(request, seedOf(index))),
  }));
  return {
    body: {
      created,
      data,
      background: request.background,
      output_format: request.outputFormat,
      size: request.size.label,
      quality: request.quality,
      usage: {
        ...usage,
        output_tokens_details: { image_tokens: usage.output_tokens, text_tokens: 0 },
      },
    },
  };
}

function dallEImage(context: ImageResponseContext, seed: number): JsonValue {
  const { request } = context;
  const revised =
    request.style === undefined
      ? {}
      : { revised_prompt: revisedPrompt(request.prompt, request.style) };
  if (request.responseFormat === 'b64_json') {
    return { ...revised, b64_json: toBase64(renderImage(request, seed)) };
  }
  const { width, height } = request.size;
  const url = context.store.put({ width, height, seed, prompt: request.prompt }, context.baseUrl);
  return { ...revised, url };
}

/** dall-e-3 rewrites every prompt; the simulator's rewrite is a deterministic prefix. */
function revisedPrompt(prompt: string, style: string): string {
  const tone = style === 'natural' ? 'A natural, true-to-life image' : 'A vivid, dramatic image';
  return `${tone} of the following: ${prompt}`;
}
