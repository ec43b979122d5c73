import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { EaselError } from '../errors/easel-error.js';
import {
  describeValue,
  type InputIssue,
  InvalidInputError,
} from '../errors/invalid-input-error.js';
import { ProviderError } from '../errors/provider-error.js';
import type { ImageModelV1Capabilities } from '../image-model/v1/image-model-v1-capabilities.js';
import type { ImageModelV1Result } from '../image-model/v1/image-model-v1-result.js';
import type { ImageProviderV1 } from '../image-provider/v1/image-provider-v1.js';
import type { CommonImageInput } from '../input/common-input.js';
import { type UnknownKeysPolicy, validateInput } from '../input/validate-input.js';
import { createCallScope } from '../transport/call-scope.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import {
  type CallOutcome,
  callInput,
  type GenerateProgressEvent,
  type GenerateResult,
  mergeOutcomes,
  splitImageCount,
  tagProgress,
} from './generate-result.js';
import {
  decodeJobId,
  type ImageJob,
  type ImageJobReference,
  LocalImageJob,
  RemoteImageJob,
  type WaitOptions,
} from './image-job.js';
import { ModelIndex, type RegisteredModel } from './model-index.js';

type UnionToIntersection<UNION> = (UNION extends unknown ? (value: UNION) => void : never) extends (
  value: infer INTERSECTION,
) => void
  ? INTERSECTION
  : never;

type CatalogOfProvider<PROVIDER> =
  PROVIDER extends ImageProviderV1<infer CATALOG> ? CATALOG : never;

/** The merged catalog of a list of providers: model path → input type. */
export type EaselCatalog<PROVIDERS extends readonly ImageProviderV1<object>[]> =
  UnionToIntersection<CatalogOfProvider<PROVIDERS[number]>> & object;

/** Input of a model reached by a path the catalog does not know (typed loosely). */
export type GenericImageInput = CommonImageInput & Record<string, unknown>;

/** A model path: a known one (auto-completed, with its input type) or any string. */
export type ModelPath<CATALOG> = (keyof CATALOG & string) | (string & Record<never, never>);

/** The input type for `PATH`. */
export type InputFor<CATALOG, PATH extends string> = PATH extends keyof CATALOG
  ? CATALOG[PATH]
  : GenericImageInput;

/** Options of `createEasel`. */
export interface EaselOptions<PROVIDERS extends readonly ImageProviderV1<object>[]> {
  /** The providers, e.g. `[openai(), flux()]`. */
  readonly providers: PROVIDERS;
  /** Upstream calls in flight at once across this hub, fan-out included. Default 8. */
  readonly maxConcurrency?: number;
  /** Default time limit of `generate`, ms. Default 600 000 (10 minutes). */
  readonly timeoutMs?: number;
  /** Default treatment of unknown input fields. Default `reject`. */
  readonly unknownKeys?: UnknownKeysPolicy;
}

/** Options of `generate` and `submit`. */
export interface GenerateOptions {
  readonly abortSignal?: AbortSignal;
  /** Time limit, ms (default: the hub's `timeoutMs`). */
  readonly timeoutMs?: number;
  /** Absolute deadline, ms since the epoch; the earlier of this and `timeoutMs` applies. */
  readonly deadline?: number;
  /** Extra HTTP headers for the provider requests. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Progress of each upstream call. */
  readonly onProgress?: (event: GenerateProgressEvent) => void;
  /** Unknown input fields: `reject` (default) or `passthrough` (sent verbatim to the provider). */
  readonly unknownKeys?: UnknownKeysPolicy;
}

/** A model as `models()` describes it. */
export interface ModelDescription {
  /** Canonical path, `<provider>/<modelId>`. */
  readonly path: string;
  readonly provider: string;
  readonly modelId: string;
  /** Every path that names the model (matched case-insensitively). */
  readonly paths: readonly string[];
  readonly capabilities: ImageModelV1Capabilities;
  /** JSON Schema (draft 2020-12) of the input as callers write it. */
  readonly inputSchema: Record<string, unknown>;
}

/** The hub: one entry point to every registered model. */
export interface Easel<CATALOG> {
  /** Generate images and wait for them (bounded by the deadline). */
  generate<PATH extends ModelPath<CATALOG>>(
    model: PATH,
    input: InputFor<CATALOG, PATH>,
    options?: GenerateOptions,
  ): Promise<GenerateResult>;
  /** Start a generation and return a job handle at once (asynchronous models: once submitted upstream). */
  submit<PATH extends ModelPath<CATALOG>>(
    model: PATH,
    input: InputFor<CATALOG, PATH>,
    options?: Omit<GenerateOptions, 'onProgress'>,
  ): Promise<ImageJob>;
  /** Pick up an asynchronous job by its id (or reference), e.g. after a restart. */
  resume(job: string | ImageJobReference): ImageJob;
  /** Every model, with capabilities and input JSON Schema. */
  models(): ModelDescription[];
  /** One model's description, by any of its paths. */
  describe(model: string): ModelDescription;
}

const jsonSchemaCache = new WeakMap<object, Record<string, unknown>>();

/** JSON Schema of a model's input as callers write it (bytes-only branches dropped: JSON carries strings). */
export function inputJsonSchema(schema: $ZodType): Record<string, unknown> {
  const cached = jsonSchemaCache.get(schema);
  if (cached) return cached;
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: context => {
      const definition = context.zodSchema._zod.def as { type: string };
      if (definition.type === 'custom') context.jsonSchema.not = {};
    },
  }) as Record<string, unknown>;
  jsonSchemaCache.set(schema, json);
  return json;
}

function describeModel(registered: RegisteredModel): ModelDescription {
  return {
    path: registered.path,
    provider: registered.model.provider,
    modelId: registered.model.modelId,
    paths: registered.paths,
    capabilities: registered.model.capabilities,
    inputSchema: inputJsonSchema(registered.model.inputSchema),
  };
}

function checkPositive(
  value: number | undefined,
  path: string[],
  whole: boolean,
): InputIssue | undefined {
  if (value === undefined) return undefined;
  if (Number.isFinite(value) && value > 0 && (!whole || Number.isInteger(value))) return undefined;
  return {
    path,
    message: `must be a positive ${whole ? 'whole number' : 'number of milliseconds'}, received ${describeValue(value)}`,
    received: describeValue(value),
  };
}

function asEaselError(error: unknown, provider: string): EaselError {
  if (EaselError.isEaselError(error)) return error;
  return new ProviderError({
    provider,
    message: `the adapter failed: ${error instanceof Error ? error.message : String(error)}`,
    providerCode: 'adapter_error',
    retryable: false,
    cause: error,
  });
}

/**
 * Create the hub.
 *
 * @example
 * const easel = createEasel({ providers: [openai(), flux()] });
 * const { images } = await easel.generate('flux-kontext-pro', { prompt: 'a deer by the lake' });
 */
export function createEasel<const PROVIDERS extends readonly ImageProviderV1<object>[]>(
  options: EaselOptions<PROVIDERS>,
): Easel<EaselCatalog<PROVIDERS>> {
  const issues = [
    checkPositive(options.maxConcurrency, ['maxConcurrency'], true),
    checkPositive(options.timeoutMs, ['timeoutMs'], false),
  ].filter(issue => issue !== undefined);
  if (issues.length > 0) throw new InvalidInputError({ issues });
  const index = new ModelIndex(options.providers);
  const limiter = new ConcurrencyLimiter(options.maxConcurrency ?? 8);
  const defaultTimeoutMs = options.timeoutMs ?? 600_000;

  function prepare(path: string, input: unknown, callOptions: GenerateOptions) {
    const timeoutIssue = checkPositive(callOptions.timeoutMs, ['options', 'timeoutMs'], false);
    if (timeoutIssue) throw new InvalidInputError({ issues: [timeoutIssue] });
    const registered = index.resolve(path);
    const validated = validateInput(registered.model.inputSchema, input, {
      model: registered.path,
      unknownKeys: callOptions.unknownKeys ?? options.unknownKeys ?? 'reject',
    });
    const value = validated.value as Record<string, unknown>;
    const requested = typeof value.n === 'number' ? value.n : 1;
    const counts = splitImageCount(requested, registered.model.capabilities.maxImagesPerCall);
    return { registered, value, passthrough: validated.passthrough, counts };
  }

  async function runGeneration(
    prepared: ReturnType<typeof prepare>,
    callOptions: GenerateOptions,
    signal?: AbortSignal,
  ): Promise<GenerateResult> {
    const { registered, value, passthrough, counts } = prepared;
    const started = Date.now();
    const scope = createCallScope({
      provider: registered.model.provider,
      timeoutMs: callOptions.timeoutMs ?? defaultTimeoutMs,
      abortSignal: signal,
      deadline: callOptions.deadline,
    });
    try {
      const outcomes = await Promise.all(
        counts.map((_, call) =>
          limiter
            .run(async (): Promise<CallOutcome> => {
              try {
                const result: ImageModelV1Result = await registered.model.doGenerate({
                  input: callInput(value, counts, call),
                  abortSignal: scope.signal,
                  deadline: scope.deadline,
                  passthrough,
                  headers: callOptions.headers,
                  ...(callOptions.onProgress === undefined
                    ? {}
                    : { onProgress: tagProgress(callOptions.onProgress, call)! }),
                });
                return { ok: true, result };
              } catch (error) {
                if (scope.signal.aborted) throw scope.signal.reason;
                return { ok: false, error: asEaselError(error, registered.model.provider) };
              }
            }, scope.signal)
            .catch((error: unknown): CallOutcome => {
              throw scope.signal.aborted ? scope.signal.reason : error;
            }),
        ),
      );
      return mergeOutcomes(
        {
          path: registered.path,
          provider: registered.model.provider,
          modelId: registered.model.modelId,
        },
        outcomes,
        started,
      );
    } finally {
      scope.dispose();
    }
  }

  async function submitRemote(
    prepared: ReturnType<typeof prepare>,
    callOptions: GenerateOptions,
  ): Promise<ImageJob> {
    const { registered, value, passthrough, counts } = prepared;
    const submit = registered.model.submit!.bind(registered.model);
    const scope = createCallScope({
      provider: registered.model.provider,
      timeoutMs: callOptions.timeoutMs ?? defaultTimeoutMs,
      abortSignal: callOptions.abortSignal,
      deadline: callOptions.deadline,
    });
    try {
      const submissions = await Promise.all(
        counts.map((_, call) =>
          limiter.run(
            () =>
              Promise.resolve(
                submit({
                  input: callInput(value, counts, call),
                  abortSignal: scope.signal,
                  deadline: scope.deadline,
                  passthrough,
                  headers: callOptions.headers,
                }),
              ).then(
                submission => ({ ok: true as const, submission }),
                (error: unknown) => {
                  if (scope.signal.aborted) throw scope.signal.reason;
                  return {
                    ok: false as const,
                    error: asEaselError(error, registered.model.provider),
                  };
                },
              ),
            scope.signal,
          ),
        ),
      );
      const accepted = submissions.flatMap(outcome => (outcome.ok ? [outcome.submission] : []));
      const failed = submissions.flatMap(outcome => (outcome.ok ? [] : [outcome.error]));
      if (accepted.length === 0) throw failed[0]!;
      const warnings = accepted.flatMap(submission => submission.warnings);
      if (failed.length > 0) {
        warnings.push({
          type: 'other',
          message: `${failed.length} of ${counts.length} submissions failed: ${failed[0]!.message}`,
        });
      }
      return new RemoteImageJob(registered, {
        version: 1,
        model: registered.path,
        jobs: accepted.map(submission => submission.job),
        warnings,
        submittedAt: Date.now(),
      });
    } finally {
      scope.dispose();
    }
  }

  return {
    generate(model, input, callOptions = {}) {
      return (async () =>
        runGeneration(prepare(model, input, callOptions), callOptions, callOptions.abortSignal))();
    },
    async submit(model, input, callOptions = {}) {
      const prepared = prepare(model, input, callOptions);
      if (prepared.registered.model.submit && prepared.registered.model.poll) {
        return submitRemote(prepared, callOptions);
      }
      return new LocalImageJob(prepared.registered, signal => {
        const combined = callOptions.abortSignal
          ? AbortSignal.any([signal, callOptions.abortSignal])
          : signal;
        return runGeneration(prepared, callOptions, combined);
      });
    },
    resume(job) {
      const reference = typeof job === 'string' ? decodeJobId(job) : job;
      return new RemoteImageJob(index.resolve(reference.model), reference);
    },
    models() {
      return index.models.map(describeModel);
    },
    describe(model) {
      return describeModel(index.resolve(model));
    },
  };
}

export type { WaitOptions };
