import { type ImageMetadata, readImageMetadata } from '@easel/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Simulator } from '../../../simulator/start-simulator.js';
import { type ImagenSimulatorOptions, startImagenSimulator } from '../imagen-simulator.js';

/** The API key and access token the test simulators accept. */
export const geminiKey = 'gemini-test-key';
export const vertexToken = 'vertex-test-token';

/** One item of `predictions`, as loosely as tests read it. */
export interface TestPrediction {
  readonly bytesBase64Encoded?: string;
  readonly gcsUri?: string;
  readonly mimeType?: string;
  readonly prompt?: string;
  readonly raiFilteredReason?: string;
  readonly contentType?: string;
  readonly safetyAttributes?: { readonly categories: string[]; readonly scores: number[] };
}

/** A JSON answer of the simulator. */
export interface TestAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    readonly predictions?: TestPrediction[];
    readonly error?: {
      readonly code: number;
      readonly message: string;
      readonly status: string;
      readonly details?: Record<string, unknown>[];
    };
  };
}

/** Which API a test talks to. */
export type TestTransport = 'gemini' | 'vertex';

/**
 * Starts one simulator for the enclosing `describe` (or file), closes it afterwards, and checks
 * after every test that the handler never failed.
 */
export function useImagenSimulator(
  options: ImagenSimulatorOptions = { apiKey: geminiKey, accessToken: vertexToken },
): () => Simulator {
  let simulator: Simulator | undefined;
  beforeAll(async () => {
    simulator = await startImagenSimulator(options);
  });
  afterEach(() => {
    expect(simulator?.errors).toEqual([]);
  });
  afterAll(async () => {
    await simulator?.close();
  });
  return () => {
    if (simulator === undefined) throw new Error('the Imagen simulator has not started');
    return simulator;
  };
}

/** The path of a model method on one transport. */
export function modelPath(
  transport: TestTransport,
  model: string,
  method = 'predict',
  project = 'easel-test',
  location = 'us-central1',
): string {
  return transport === 'gemini'
    ? `/v1beta/models/${model}:${method}`
    : `/v1/projects/${project}/locations/${location}/publishers/google/models/${model}:${method}`;
}

/** The headers carrying the accepted credentials of a transport. */
export function credentials(transport: TestTransport): Record<string, string> {
  return transport === 'gemini'
    ? { 'x-goog-api-key': geminiKey }
    : { authorization: `Bearer ${vertexToken}` };
}

/** Sends one request as it is and reads the JSON answer. */
export async function send(
  simulator: Simulator,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<TestAnswer> {
  const response = await fetch(`${simulator.url}${path}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

/** Sends a `:predict` body with valid credentials. */
export function predict(
  simulator: Simulator,
  transport: TestTransport,
  model: string,
  body: unknown,
): Promise<TestAnswer> {
  return send(simulator, modelPath(transport, model), {
    headers: credentials(transport),
    body: JSON.stringify(body),
  });
}

/** The items of an answer that carry an image. */
export function images(answer: TestAnswer): TestPrediction[] {
  return (answer.body.predictions ?? []).filter(
    prediction => prediction.bytesBase64Encoded !== undefined,
  );
}

/** Format and size of an image item, read from its bytes. */
export function metadataOf(prediction: TestPrediction): ImageMetadata | undefined {
  return readImageMetadata(Buffer.from(prediction.bytesBase64Encoded ?? '', 'base64'));
}
