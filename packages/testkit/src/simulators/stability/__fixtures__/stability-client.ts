import { type ImageMetadata, readImageMetadata } from '@easel/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type SynthesizedImageFormat, synthesizeImage } from '../../../images/index.js';
import type { Simulator } from '../../../simulator/index.js';
import type { StabilitySimulatorOptions } from '../stability-simulator-options.js';
import { startStabilitySimulator } from '../start-stability-simulator.js';

/** The key the tests' simulators accept. */
export const testApiKey = 'sk-test-stability-0123456789';

/** The route under test. */
export const sd3Path = '/v2beta/stable-image/generate/sd3';

/** Stability's error body. */
export interface StabilityErrorBody {
  readonly id: string;
  readonly name: string;
  readonly errors: string[];
}

/** The JSON-mode success body. */
export interface Sd3JsonBody {
  readonly image: string;
  readonly finish_reason: string;
  readonly seed: number;
}

/**
 * Starts one simulator for the enclosing `describe` (or file), closes it afterwards, and checks
 * after every test that the handler never failed; faults and rate-limit counts are cleared
 * between tests.
 */
export function useStabilitySimulator(
  options: StabilitySimulatorOptions = { apiKey: testApiKey },
): () => Simulator {
  let simulator: Simulator | undefined;
  beforeAll(async () => {
    simulator = await startStabilitySimulator(options);
  });
  afterEach(() => {
    expect(simulator?.errors).toEqual([]);
    simulator?.reset();
  });
  afterAll(async () => {
    await simulator?.close();
  });
  return () => {
    if (simulator === undefined) throw new Error('the Stability simulator has not started');
    return simulator;
  };
}

/** A multipart form: text fields in order, then files as `[name, file, filename]`. */
export function sd3Form(
  fields: Readonly<Record<string, string>>,
  files: readonly (readonly [string, Blob, string])[] = [],
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, file, filename] of files) form.append(name, file, filename);
  return form;
}

/** POSTs a body to the SD3 route with the test key, unless the headers say otherwise. */
export function postSd3(
  simulator: Simulator,
  body: FormData | URLSearchParams | string | Uint8Array,
  headers: Readonly<Record<string, string>> = {},
): Promise<Response> {
  return fetch(`${simulator.url}${sd3Path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testApiKey}`, ...headers },
    body,
  });
}

/** Reads an error answer, checking Stability's shape and that its id is the `x-request-id`. */
export async function readError(response: Response): Promise<StabilityErrorBody> {
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as StabilityErrorBody;
  expect(Object.keys(body).sort()).toEqual(['errors', 'id', 'name']);
  expect(body.id).toMatch(/^[0-9a-f]{32}$/);
  expect(response.headers.get('x-request-id')).toBe(body.id);
  expect(body.errors.length).toBeGreaterThan(0);
  return body;
}

/** The bytes of a response. */
export async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** Format and size of image bytes (or of base64), from their headers. */
export function metadataOf(image: Uint8Array | string): ImageMetadata | undefined {
  return readImageMetadata(typeof image === 'string' ? Buffer.from(image, 'base64') : image);
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
