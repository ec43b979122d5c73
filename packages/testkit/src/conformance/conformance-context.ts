import {
  createEasel,
  type Easel,
  type GenerateOptions,
  type GenerateResult,
  type ImageModelV1,
  type ImageProviderSettings,
  type ImageProviderV1,
} from '@easel/core';
import { matchesRequest } from '../simulator/fault-rule.js';
import type { SimulatorRequest } from '../simulator/simulator-request.js';
import type { Simulator } from '../simulator/start-simulator.js';
import { ConformanceError, describeThrown } from './conformance-error.js';
import type { ConformanceModelCases, ConformanceOptions } from './conformance-options.js';

/** The canary key: any error or log that contains it fails the suite. */
export const canaryApiKey = 'sk-easel-canary-4b8f2e1c9d7a3056';

/** Shared state of one suite run. */
export class ConformanceContext {
  readonly canaryKey = canaryApiKey;
  /** Every error the checks provoked, scanned for the canary key at the end. */
  readonly errors: unknown[] = [];
  #simulator: Simulator | undefined;

  constructor(readonly options: ConformanceOptions) {}

  get simulator(): Simulator {
    if (this.#simulator === undefined)
      throw new ConformanceError('the simulator is not running (setup did not run or failed)');
    return this.#simulator;
  }

  async start(): Promise<void> {
    this.#simulator = await this.options.startSimulator();
  }

  async stop(): Promise<void> {
    await this.#simulator?.close();
    this.#simulator = undefined;
  }

  /** The standard settings, pointed at the simulator. */
  settings(overrides: Readonly<Record<string, unknown>> = {}): ImageProviderSettings {
    return {
      baseURL: this.simulator.url,
      apiKey: this.canaryKey,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      downloads: { allowlist: [...this.simulator.origins] },
      ...this.options.settings,
      ...overrides,
    };
  }

  provider(overrides: Readonly<Record<string, unknown>> = {}): ImageProviderV1<object> {
    return this.options.createProvider(this.settings(overrides));
  }

  hub(overrides: Readonly<Record<string, unknown>> = {}): Easel<Record<string, unknown>> {
    return createEasel({ providers: [this.provider(overrides)], maxConcurrency: 4 }) as Easel<
      Record<string, unknown>
    >;
  }

  /** Requests the simulator saw that are paid generations. */
  paidRequests(): SimulatorRequest[] {
    return this.simulator.requests.filter(request =>
      matchesRequest(this.options.paidRequest ?? { method: 'POST' }, request),
    );
  }
}

/** What a model-level check gets. */
export interface ModelCheckContext {
  readonly suite: ConformanceContext;
  readonly provider: ImageProviderV1<object>;
  readonly model: ImageModelV1;
  /** Canonical path, `<provider>/<modelId>`. */
  readonly path: string;
  readonly cases: ConformanceModelCases;
  /** The minimal valid input. */
  readonly input: Readonly<Record<string, unknown>>;
  /** Fail with a message naming the model and the check unless `condition` holds. */
  conform(condition: unknown, message: string): asserts condition;
  /** Generate through a fresh hub (errors are recorded for the secret scan). */
  generate(
    input: Readonly<Record<string, unknown>>,
    options?: GenerateOptions,
    settings?: Readonly<Record<string, unknown>>,
  ): Promise<GenerateResult>;
  /** Generate through a fresh hub, as is: the promise rejects with the adapter's own error. */
  call(
    input: Readonly<Record<string, unknown>>,
    options?: GenerateOptions,
    settings?: Readonly<Record<string, unknown>>,
  ): Promise<GenerateResult>;
  /** Expect `promise` to fail; returns the error (recorded for the secret scan). */
  failure(promise: Promise<unknown>, what: string): Promise<unknown>;
}

/** Build the context of one model check. */
export function modelCheckContext(
  suite: ConformanceContext,
  modelId: string,
  checkTitle: string,
): ModelCheckContext {
  const provider = suite.provider();
  const model = provider.imageModel(modelId);
  const path = `${provider.id}/${modelId}`;
  const prefix = `[${path}] ${checkTitle}: `;
  const cases = suite.options.cases?.[modelId] ?? {};
  const conform: ModelCheckContext['conform'] = (condition, message) => {
    if (!condition) throw new ConformanceError(prefix + message);
  };
  return {
    suite,
    provider,
    model,
    path,
    cases,
    input: cases.input ?? { prompt: 'a red fox in fresh snow' },
    conform,
    async generate(input, options = {}, settings = {}) {
      try {
        return await suite
          .hub(settings)
          .generate(path, input as never, { timeoutMs: 15_000, ...options });
      } catch (error) {
        suite.errors.push(error);
        throw new ConformanceError(
          `${prefix}generating with ${JSON.stringify(summariseInput(input))} failed: ${describeThrown(error)}`,
          {
            cause: error,
          },
        );
      }
    },
    call(input, options = {}, settings = {}) {
      return suite.hub(settings).generate(path, input as never, { timeoutMs: 15_000, ...options });
    },
    async failure(promise, what) {
      try {
        await promise;
      } catch (error) {
        suite.errors.push(error);
        return error;
      }
      throw new ConformanceError(`${prefix}${what}, but the call succeeded`);
    },
  };
}

function summariseInput(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [
      key,
      typeof value === 'string' && value.length > 60
        ? `${value.slice(0, 24)}… (${value.length} characters)`
        : value,
    ]),
  );
}
