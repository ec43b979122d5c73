import { type ImageMetadata, readImageMetadata } from '@easel/core';
import { type SynthesizedImageFormat, synthesizeImage } from '../../../images/index.js';
import type { Simulator } from '../../../simulator/index.js';
import { OpenApiValidator, openaiImagesOpenapiDocument } from '../../../specs/index.js';

/** The key the tests' simulators accept. */
export const testApiKey = 'sk-test-easel-0123456789abcdef';

/** Validates responses and events against the spec's schemas. */
export const specValidator = new OpenApiValidator(openaiImagesOpenapiDocument);

/** An OpenAI error body. */
export type ErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};

/** An `ImagesResponse`, loosely typed for assertions. */
export type ImagesBody = {
  created: number;
  data: { b64_json?: string; url?: string; revised_prompt?: string }[];
  background?: string;
  output_format?: string;
  size?: string;
  quality?: string;
  usage?: {
    input_tokens: number;
    output_tokens: number;
    total_tokens: number;
    input_tokens_details: { text_tokens: number; image_tokens: number };
  };
};

/** POSTs JSON to `/v1<path>` with the test key (or the given headers). */
export function postJson(
  simulator: Simulator,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${simulator.url}/v1${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${testApiKey}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POSTs a multipart form to `/v1/images/edits` with the test key. */
export function postForm(simulator: Simulator, form: FormData): Promise<Response> {
  return fetch(`${simulator.url}/v1/images/edits`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testApiKey}` },
    body: form,
  });
}

/** Builds a multipart edit form: text fields first, then files as `[name, file]` pairs. */
export function editForm(
  fields: Record<string, string>,
  files: readonly (readonly [string, Blob, string])[],
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, file, filename] of files) form.append(name, file, filename);
  return form;
}

/** A real image file, as a Blob with its media type. */
export function imageBlob(
  width: number,
  height: number,
  format: SynthesizedImageFormat = 'png',
  seed = 7,
): Blob {
  const bytes = synthesizeImage({ width, height, format, seed, prompt: 'input' }).slice();
  return new Blob([bytes], { type: `image/${format}` });
}

/** A `data:` URL of a real image. */
export function imageDataUrl(
  width: number,
  height: number,
  format: SynthesizedImageFormat = 'png',
) {
  const bytes = synthesizeImage({ width, height, format, seed: 3, prompt: 'input' });
  return `data:image/${format};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** What a `b64_json` image is, by its headers. */
export function metadataOf(base64: string | undefined): ImageMetadata | undefined {
  return base64 === undefined ? undefined : readImageMetadata(Buffer.from(base64, 'base64'));
}

/** Reads an error response, checking it has OpenAI's shape (four keys, always present). */
export async function readError(response: Response): Promise<ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody;
  const error = body.error;
  if (Object.keys(error).sort().join() !== 'code,message,param,type') {
    throw new Error(`not an OpenAI error body: ${JSON.stringify(body)}`);
  }
  return error;
}

/** One server-sent event. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Splits an event-stream body into events (`event:` and `data:` lines, blank-line separated). */
export function parseServerSentEvents(text: string): ServerSentEvent[] {
  return text
    .split('\n\n')
    .filter(block => block.trim().length > 0)
    .map(block => {
      const lines = block.split('\n');
      const event = lines.find(line => line.startsWith('event: '))?.slice('event: '.length) ?? '';
      const data = lines
        .filter(line => line.startsWith('data: '))
        .map(line => line.slice('data: '.length))
        .join('\n');
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}
