import { z } from 'zod';
import { ProviderError } from '../../errors/provider-error.js';
import type { ImageModelV1 } from '../../image-model/v1/image-model-v1.js';
import type { ImageModelV1CallOptions } from '../../image-model/v1/image-model-v1-call-options.js';
import type { ImageModelV1Capabilities } from '../../image-model/v1/image-model-v1-capabilities.js';
import type {
  ImageModelV1Job,
  ImageModelV1JobStatus,
  ImageModelV1Submission,
} from '../../image-model/v1/image-model-v1-job.js';
import type { ImageModelV1Result } from '../../image-model/v1/image-model-v1-result.js';
import type { ImageProviderV1, ModelCatalog } from '../../image-provider/v1/image-provider-v1.js';
import { defineImageInput } from '../../input/define-image-input.js';
import { sleep } from '../../transport/sleep.js';

/** A 1×1 PNG. */
export const tinyPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

/** What the fake models record and how they misbehave. */
export interface FakeBehaviour {
  delayMs: number;
  failCalls: Set<number>;
  active: number;
  maxActive: number;
  calls: Array<ImageModelV1CallOptions<Record<string, unknown>>>;
  signals: AbortSignal[];
  pollsUntilReady: number;
  polls: Map<string, number>;
  throwPlainError: boolean;
}

export function createBehaviour(overrides: Partial<FakeBehaviour> = {}): FakeBehaviour {
  return {
    delayMs: 5,
    failCalls: new Set(),
    active: 0,
    maxActive: 0,
    calls: [],
    signals: [],
    pollsUntilReady: 2,
    polls: new Map(),
    throwPlainError: false,
    ...overrides,
  };
}

const syncCapabilities = {
  execution: 'sync',
  maxImagesPerCall: 2,
  outputFormats: ['png'],
  seed: true,
  negativePrompt: false,
  maxInputImages: 1,
  mask: false,
} as const satisfies ImageModelV1Capabilities;

const syncInput = defineImageInput({
  capabilities: syncCapabilities,
  native: {
    style: z.enum(['vivid', 'natural']).optional(),
    num_images: z.int().min(1).max(16).optional(),
  },
  aliases: { num_images: 'n' },
});

function makeResult(
  modelId: string,
  input: Record<string, unknown>,
  call: number,
): ImageModelV1Result {
  const count = typeof input.n === 'number' ? input.n : 1;
  return {
    images: Array.from({ length: count }, (_, index) => ({
      data: tinyPng,
      mediaType: 'image/png',
      ...(typeof input.seed === 'number' ? { seed: input.seed } : {}),
      providerMetadata: { call, index },
    })),
    warnings: [{ type: 'unsupported', feature: 'negative_prompt' }],
    usage: { outputImageTokens: 10 * count, cost: { amount: count, unit: 'credits' } },
    response: { modelId, timestamp: new Date(0), id: `response-${call}` },
  };
}

export class FakeSyncModel
  implements ImageModelV1<z.input<typeof syncInput>, z.output<typeof syncInput>>
{
  readonly specificationVersion = 'v1';
  readonly provider = 'fake';
  readonly modelId = 'sync-model';
  readonly aliases = ['fake-sync', 'Vendor/Sync-Model'] as const;
  readonly capabilities = syncCapabilities;
  readonly inputSchema = syncInput;

  constructor(private readonly behaviour: FakeBehaviour) {}

  async doGenerate(
    options: ImageModelV1CallOptions<z.output<typeof syncInput>>,
  ): Promise<ImageModelV1Result> {
    const behaviour = this.behaviour;
    const call = behaviour.calls.length;
    behaviour.calls.push(options as ImageModelV1CallOptions<Record<string, unknown>>);
    if (options.abortSignal) behaviour.signals.push(options.abortSignal);
    behaviour.active++;
    behaviour.maxActive = Math.max(behaviour.maxActive, behaviour.active);
    try {
      await sleep(behaviour.delayMs, options.abortSignal);
      if (behaviour.throwPlainError) throw new Error('adapter bug');
      if (behaviour.failCalls.has(call)) {
        throw new ProviderError({ provider: 'fake', message: `call ${call} failed`, status: 500 });
      }
      return makeResult(this.modelId, options.input as Record<string, unknown>, call);
    } finally {
      behaviour.active--;
    }
  }
}

const asyncCapabilities = {
  ...syncCapabilities,
  execution: 'async',
  maxImagesPerCall: 1,
  cancel: true,
} as const;
const asyncInput = defineImageInput({ capabilities: asyncCapabilities });

export class FakeAsyncModel
  implements ImageModelV1<z.input<typeof asyncInput>, z.output<typeof asyncInput>>
{
  readonly specificationVersion = 'v1';
  readonly provider = 'fake';
  readonly modelId = 'async-model';
  readonly aliases = [] as const;
  readonly capabilities = asyncCapabilities;
  readonly inputSchema = asyncInput;
  readonly cancelled: string[] = [];

  constructor(private readonly behaviour: FakeBehaviour) {}

  async submit(
    options: ImageModelV1CallOptions<z.output<typeof asyncInput>>,
  ): Promise<ImageModelV1Submission> {
    const id = `job-${this.behaviour.calls.length}`;
    this.behaviour.calls.push(options as ImageModelV1CallOptions<Record<string, unknown>>);
    return {
      job: {
        id,
        data: { pollingUrl: `https://fake.test/poll/${id}`, seed: options.input.seed ?? null },
      },
      warnings: [],
    };
  }

  async poll(job: ImageModelV1Job): Promise<ImageModelV1JobStatus> {
    const polls = (this.behaviour.polls.get(job.id) ?? 0) + 1;
    this.behaviour.polls.set(job.id, polls);
    if (polls < this.behaviour.pollsUntilReady)
      return {
        status: 'pending',
        providerStatus: 'Pending',
        progress: polls / this.behaviour.pollsUntilReady,
      };
    const seed = job.data?.seed;
    return {
      status: 'succeeded',
      result: makeResult(
        this.modelId,
        typeof seed === 'number' ? { seed } : {},
        Number(job.id.slice(4)),
      ),
    };
  }

  async cancel(job: ImageModelV1Job): Promise<void> {
    this.cancelled.push(job.id);
  }

  async doGenerate(
    options: ImageModelV1CallOptions<z.output<typeof asyncInput>>,
  ): Promise<ImageModelV1Result> {
    const { job } = await this.submit(options);
    for (;;) {
      const status = await this.poll(job);
      if (status.status === 'succeeded') return status.result;
      await sleep(1, options.abortSignal);
    }
  }
}

export type FakeCatalog = ModelCatalog<
  'fake',
  { 'sync-model': FakeSyncModel; 'async-model': FakeAsyncModel }
>;

export interface FakeProvider extends ImageProviderV1<FakeCatalog> {
  readonly behaviour: FakeBehaviour;
  readonly asyncModel: FakeAsyncModel;
}

export function createFakeProvider(
  behaviour: FakeBehaviour = createBehaviour(),
  id = 'fake',
): FakeProvider {
  const syncModel = new FakeSyncModel(behaviour);
  const asyncModel = new FakeAsyncModel(behaviour);
  return {
    specificationVersion: 'v1',
    id,
    modelIds: ['sync-model', 'async-model'],
    behaviour,
    asyncModel,
    imageModel(modelId: string) {
      if (modelId === 'sync-model') return syncModel;
      if (modelId === 'async-model') return asyncModel;
      throw new Error(`no model ${modelId}`);
    },
  };
}
