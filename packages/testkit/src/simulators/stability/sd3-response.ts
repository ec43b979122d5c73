import type { SimulatorResponse } from '../../simulator/simulator-response.js';
import type { ResponseFormat } from './response-format.js';
import type { Sd3OutputFormat } from './sd3-form.js';
import type { FinishReason } from './sd3-image.js';

/** A finished generation, ready to be sent. */
export interface Sd3Result {
  readonly image: Uint8Array;
  readonly outputFormat: Sd3OutputFormat;
  readonly finishReason: FinishReason;
  readonly seed: number;
  readonly requestId: string;
}

/**
 * The 200 answer, as the `accept` header asked for it:
 * - `image`: the raw bytes, `content-type: image/png|jpeg|webp`, with `finish-reason` and `seed`
 *   headers;
 * - `json`: `{"image":"<base64>","finish_reason":…,"seed":<number>}` with
 *   `content-type: application/json; type=image/png` (etc.), and no `finish-reason`/`seed` headers.
 *
 * Both carry `x-request-id`.
 */
export function sd3Response(result: Sd3Result, format: ResponseFormat): SimulatorResponse {
  const { image, outputFormat, finishReason, seed, requestId } = result;
  const mediaType = `image/${outputFormat}`;
  if (format === 'image') {
    return {
      headers: {
        'content-type': mediaType,
        'finish-reason': finishReason,
        seed: String(seed),
        'x-request-id': requestId,
      },
      body: image,
    };
  }
  const base64 = Buffer.from(image.buffer, image.byteOffset, image.byteLength).toString('base64');
  return {
    headers: { 'content-type': `application/json; type=${mediaType}`, 'x-request-id': requestId },
    body: { image: base64, finish_reason: finishReason, seed },
  };
}
