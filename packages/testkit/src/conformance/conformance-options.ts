import type { ImageProviderSettings, ImageProviderV1 } from '@easel/core';
import type { FaultMatch } from '../simulator/fault-rule.js';
import type { SimulatorBody } from '../simulator/simulator-response.js';
import type { Simulator } from '../simulator/start-simulator.js';

/** The typed error an upstream answer must become. */
export interface ExpectedError {
  readonly type: 'InvalidInputError' | 'ProviderError' | 'RateLimitError' | 'ContentFilteredError';
  readonly status?: number;
  readonly providerCode?: string;
  /** For `ContentFilteredError`. */
  readonly stage?: 'input' | 'output';
  /** For `RateLimitError`. */
  readonly retryAfterMs?: number;
  /** A phrase the message must contain (e.g. the provider's own message). */
  readonly messageIncludes?: string;
}

/** A provider-specific error answer and what it must become. */
export interface ErrorCase {
  readonly name: string;
  /** The answer the simulator gives (once) instead of the real one. */
  readonly response: {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: SimulatorBody;
  };
  /** Which request gets it. Default: the paid request. */
  readonly match?: FaultMatch;
  readonly expect: ExpectedError;
}

/** Cases of one model. Everything is optional except what the model's capabilities demand. */
export interface ConformanceModelCases {
  /** A minimal valid input. Default `{ prompt: 'a red fox in fresh snow' }`. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Further inputs that must be rejected with `InvalidInputError` before any request. */
  readonly invalid?: ReadonlyArray<{
    readonly input: Readonly<Record<string, unknown>>;
    /** Path of the issue that must be reported. */
    readonly path?: ReadonlyArray<string | number>;
  }>;
  /** Inputs the simulator answers with a moderation verdict: each must be a `ContentFilteredError`. */
  readonly moderated?: ReadonlyArray<{
    readonly input: Readonly<Record<string, unknown>>;
    readonly stage?: 'input' | 'output';
  }>;
  /** Provider-specific error answers. */
  readonly errors?: readonly ErrorCase[];
}

/** Checks that can be skipped, by id. */
export type ConformanceCheckId =
  | 'spec'
  | 'hub'
  | 'missing-key'
  | 'secrets'
  | 'generate'
  | 'headers'
  | 'images-per-call'
  | 'fan-out'
  | 'sizes'
  | 'aspect-ratios'
  | 'output-formats'
  | 'seed'
  | 'seed-determinism'
  | 'negative-prompt'
  | 'input-images'
  | 'mask'
  | 'invalid-input'
  | 'abort'
  | 'deadline'
  | 'retry'
  | 'errors'
  | 'moderation';

/** Options of the conformance suite. */
export interface ConformanceOptions {
  /** Suite name. Default: the provider id. */
  readonly name?: string;
  /**
   * Build the provider under test from the standard settings the suite chooses: `baseURL` of the
   * simulator, a canary `apiKey`, fast `retry` timings, `downloads.allowlist` with the simulator.
   */
  readonly createProvider: (settings: ImageProviderSettings) => ImageProviderV1<object>;
  /** Start the provider's wire simulator; the suite closes it at the end. */
  readonly startSimulator: () => Promise<Simulator>;
  /** Environment variables the provider reads its key from, in order. */
  readonly apiKeyEnvironmentVariables: readonly string[];
  /**
   * Which requests are paid generations: never resubmitted after the upstream may have
   * accepted them. Default `{ method: 'POST' }`.
   */
  readonly paidRequest?: FaultMatch;
  /** Extra settings merged into every provider the suite creates (e.g. a fast polling cadence). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Cases by model id. */
  readonly cases?: Readonly<Record<string, ConformanceModelCases>>;
  /** Models to test, by id. Default: all of the provider's models. */
  readonly models?: readonly string[];
  /** Checks to skip, by id (for all models) or by `<modelId>:<id>`. */
  readonly skip?: readonly (ConformanceCheckId | `${string}:${ConformanceCheckId}`)[];
}
