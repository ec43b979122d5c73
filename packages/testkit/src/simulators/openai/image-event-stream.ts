import { setTimeout as delay } from 'node:timers/promises';
import type { ImageRequest } from './image-request.js';
import type { ImageTokenUsage } from './openai-usage.js';
import { imageSeed, renderImage, toBase64 } from './render-image.js';

/** What `imageEventStream` streams. */
export interface ImageEventStreamOptions {
  /** Event type prefix: `image_generation` or `image_edit`. */
  readonly kind: 'image_generation' | 'image_edit';
  readonly request: ImageRequest;
  /** Seed of the final image; partial images derive theirs from it. */
  readonly seed: number;
  readonly usage: ImageTokenUsage;
  /** Pause between events, in milliseconds. */
  readonly intervalMs: number;
  /** Stops the stream when the client leaves. */
  readonly signal: AbortSignal;
}

/**
 * The server-sent events of a streamed GPT image request: `partialImages` events
 * `<kind>.partial_image` (each a real, distinct image of the final size and format), then one
 * `<kind>.completed` carrying the final image and `usage`. One event per chunk, `intervalMs`
 * apart; no `[DONE]` sentinel, the stream simply ends.
 */
export async function* imageEventStream(
  options: ImageEventStreamOptions,
): AsyncGenerator<string, void, undefined> {
  const { kind, request, seed, usage, intervalMs, signal } = options;
  const common = {
    size: request.size.label,
    quality: request.quality,
    background: request.background,
    output_format: request.outputFormat,
  };
  for (let index = 0; index < request.partialImages; index += 1) {
    if (index > 0 && !(await pause(intervalMs, signal))) return;
    if (signal.aborted) return;
    const bytes = renderImage(request, imageSeed([seed, 'partial', index]));
    yield serverSentEvent(`${kind}.partial_image`, {
      type: `${kind}.partial_image`,
      b64_json: toBase64(bytes),
      created_at: unixSeconds(),
      ...common,
      partial_image_index: index,
    });
  }
  if (request.partialImages > 0 && !(await pause(intervalMs, signal))) return;
  if (signal.aborted) return;
  yield serverSentEvent(`${kind}.completed`, {
    type: `${kind}.completed`,
    b64_json: toBase64(renderImage(request, seed)),
    created_at: unixSeconds(),
    ...common,
    usage,
  });
}

/** Resolves `false` when `signal` aborts during the pause. */
async function pause(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  try {
    await delay(milliseconds, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function serverSentEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
