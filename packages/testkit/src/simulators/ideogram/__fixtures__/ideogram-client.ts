import { type ImageMetadata, readImageMetadata } from '@easel/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type SynthesizedImageFormat, synthesizeImage } from '../../../images/index.js';
import type { Simulator } from '../../../simulator/index.js';
import type { SpecViolation } from '../../../specs/index.js';
import type { IdeogramSimulatorOptions } from '../ideogram-simulator-options.js';
import { ideogramSpecValidator } from '../ideogram-spec.js';
import { type IdeogramSimulator, startIdeogramSimulator } from '../start-ideogram-simulator.js';

/** The key the tests' simulators accept. */
export const testApiKey = 'ideogram-test-key-0123456789';

/** One item of an `ImageGenerationResponseV3`, loosely typed for assertions. */
export interface TestItem {
  readonly prompt: string;
  readonly resolution: string;
  readonly upscaled_resolution?: string;
  readonly is_image_safe: boolean;
  readonly seed: number;
  readonly url: string | null;
  readonly style_type?: string;
}

/** A JSON answer of the simulator: a generation, a problem or the 422 body. */
export interface TestAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    readonly created?: string;
    readonly data?: readonly TestItem[];
    readonly type?: string;
    readonly title?: string;
    readonly detail?: string;
    readonly status?: number;
    readonly error?: string;
  };
}

/** A form field: text, a file, or several of either (repeated parts). */
export type TestField = string | Blob | readonly (string | Blob)[];

/**
 * Starts one simulator for the enclosing `describe` (or file), closes it afterwards, and after
 * every test checks that neither server's handler failed and removes injected faults.
 */
export function useIdeogramSimulator(
  options: IdeogramSimulatorOptions = { apiKey: testApiKey },
): () => IdeogramSimulator {
  let simulator: IdeogramSimulator | undefined;
  beforeAll(async () => {
    simulator = await startIdeogramSimulator(options);
  });
  afterEach(() => {
    expect(simulator?.errors).toEqual([]);
    simulator?.clearFaults();
  });
  afterAll(async () => {
    await simulator?.close();
  });
  return () => {
    if (simulator === undefined) throw new Error('the Ideogram simulator has not started');
    return simulator;
  };
}

/** A multipart form: repeated values become repeated parts; files get a `<name>.png` file name. */
export function ideogramForm(fields: Readonly<Record<string, TestField>>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    const values = typeof value === 'string' || value instanceof Blob ? [value] : value;
    for (const entry of values) {
      if (typeof entry === 'string') form.append(name, entry);
      else form.append(name, entry, `${name}.${entry.type.replace('image/', '') || 'bin'}`);
    }
  }
  return form;
}

/** Sends a body to `/v1/ideogram-v3/<operation>` (the test key unless headers say otherwise). */
export async function post(
  simulator: Simulator,
  operation: string,
  body: FormData | Readonly<Record<string, unknown>> | RawBody,
  headers: Readonly<Record<string, string>> = { 'api-key': testApiKey },
): Promise<TestAnswer> {
  const init: RequestInit =
    body instanceof FormData
      ? { body }
      : isRawBody(body)
        ? { body: body.bytes, headers: { 'content-type': body.contentType } }
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  const response = await fetch(`${simulator.url}/v1/ideogram-v3/${operation}`, {
    method: 'POST',
    ...init,
    headers: { ...(init.headers as Record<string, string> | undefined), ...headers },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as TestAnswer['body'],
  };
}

/** Sends a multipart form to an operation with the test key. */
export function postForm(
  simulator: Simulator,
  operation: string,
  fields: Readonly<Record<string, TestField>>,
): Promise<TestAnswer> {
  return post(simulator, operation, ideogramForm(fields));
}

/** A body sent exactly as given. */
export interface RawBody {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

function isRawBody(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && 'bytes' in body && 'contentType' in body;
}

/** One hand-built multipart part. */
export interface TestPart {
  readonly name: string;
  readonly value: string | Uint8Array;
  readonly filename?: string;
  readonly contentType?: string;
}

/** Builds a multipart body by hand, for parts `FormData` cannot make (a typed part without a file name). */
export function multipartBody(parts: readonly TestPart[]): RawBody {
  const boundary = 'easel-test-boundary-7f3a9c';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.contentType === undefined ? '' : `\r\nContent-Type: ${part.contentType}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n`,
      ),
      Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    bytes: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A real image file as a Blob with its media type. */
export function imageBlob(
  width: number,
  height: number,
  format: SynthesizedImageFormat = 'png',
  seed = 7,
): Blob {
  const bytes = synthesizeImage({ width, height, format, seed, prompt: 'input' }).slice();
  return new Blob([bytes], { type: `image/${format}` });
}

/** A downloaded result. */
export interface Download {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
  readonly metadata: ImageMetadata | undefined;
}

/** Downloads a result URL (no key), reading its format and size from the bytes. */
export async function download(
  url: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<Download> {
  const response = await fetch(url, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    metadata: readImageMetadata(bytes),
  };
}

/** Violations of the spec's `ImageGenerationResponseV3` (`[]` when the body conforms). */
export function responseViolations(body: unknown): SpecViolation[] {
  return ideogramSpecValidator.validateSchema('ImageGenerationResponseV3', body);
}

/** The URLs of an answer's items, failing when one is missing. */
export function urlsOf(answer: TestAnswer): string[] {
  return (answer.body.data ?? []).map(item => {
    if (item.url === null) throw new Error(`item without url: ${JSON.stringify(item)}`);
    return item.url;
  });
}
