import { type ImageMetadata, readImageMetadata } from '@easel/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type SynthesizedImageFormat, synthesizeImage } from '../../../images/index.js';
import type { BflSimulatorOptions } from '../bfl-simulator-options.js';
import { type BflSimulator, startBflSimulator } from '../start-bfl-simulator.js';

/** The key the tests' simulators accept. */
export const testKey = 'bfl-test-key-0123456789';

/** A JSON answer, loosely typed for assertions. */
export interface TestAnswer<Body = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

/** A `ResultResponse`, loosely typed. */
export type TestResult = {
  id: string;
  status: string;
  progress?: number | null;
  details?: Record<string, unknown> | null;
  result?: {
    sample: string;
    prompt: string;
    seed: number;
    start_time: number;
    end_time: number;
    duration: number;
  } | null;
};

/** A FastAPI validation error body. */
export type TestValidationError = {
  detail: { type: string; loc: (string | number)[]; msg: string; input: unknown }[];
};

/**
 * Starts one simulator for the enclosing `describe`, closes it afterwards, and checks after every
 * test that its handlers never failed.
 */
export function useBflSimulator(options: BflSimulatorOptions = {}): () => BflSimulator {
  let simulator: BflSimulator | undefined;
  beforeAll(async () => {
    simulator = await startBflSimulator({ apiKey: testKey, jobDurationMs: 30, ...options });
  });
  afterEach(() => {
    expect(simulator?.errors).toEqual([]);
  });
  afterAll(async () => {
    await simulator?.close();
  });
  return () => {
    if (simulator === undefined) throw new Error('the BFL simulator has not started');
    return simulator;
  };
}

/** POSTs a JSON body to `/v1/<model>` with the test key (or the given headers). */
export async function submit<Body = Record<string, unknown>>(
  simulator: BflSimulator,
  model: string,
  body: unknown,
  headers: Record<string, string> = { 'x-key': testKey },
): Promise<TestAnswer<Body>> {
  const response = await fetch(`${simulator.url}/v1/${model}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Body,
  };
}

/** GETs a polling URL with the test key. */
export async function poll(url: string, key = testKey): Promise<TestAnswer<TestResult>> {
  const response = await fetch(url, { headers: { 'x-key': key } });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as TestResult,
  };
}

/** Polls until the job leaves `Pending` (a job of the tests' simulators lasts well under a second). */
export async function pollUntilDone(url: string): Promise<TestResult> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const { body } = await poll(url);
    if (body.status !== 'Pending') return body;
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  throw new Error(`job at ${url} is still Pending`);
}

/** Submits, checks the 200, and polls the job to its end. */
export async function generate(
  simulator: BflSimulator,
  model: string,
  body: Record<string, unknown>,
): Promise<TestResult> {
  const submitted = await submit<{ polling_url: string }>(simulator, model, body);
  expect(submitted.status).toBe(200);
  return pollUntilDone(submitted.body.polling_url);
}

/** A download: status, headers and bytes. */
export interface TestDownload {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
  readonly metadata: ImageMetadata | undefined;
}

/** GETs a URL without any key, as a download must be made. */
export async function download(url: string): Promise<TestDownload> {
  const response = await fetch(url);
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    metadata: readImageMetadata(bytes),
  };
}

/** A real image as plain base64 (no `data:` prefix), the way BFL takes input images. */
export function imageBase64(
  width: number,
  height: number,
  format: SynthesizedImageFormat = 'png',
): string {
  return Buffer.from(synthesizeImage({ width, height, format, seed: 5, prompt: 'input' })).toString(
    'base64',
  );
}
