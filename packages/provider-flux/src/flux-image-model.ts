import {
  type CallContext,
  ContentFilteredError,
  classifyStatus,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Job,
  type ImageModelV1JobOptions,
  type ImageModelV1JobStatus,
  type ImageModelV1Result,
  type ImageModelV1Submission,
  InvalidInputError,
  type PollInterval,
  ProviderError,
  type ProviderTransport,
  readJsonResponse,
  waitForJob,
} from '@easel/core';
import type { z } from 'zod';
import { activeTasksFor, type FluxTaskLimits } from './flux-active-tasks.js';
import {
  type FluxRegion,
  fluxErrorFromResponse,
  fluxProviderId,
  fluxStatuses,
  isTrustedPollingUrl,
  resultResponseSchema,
  submitResponseSchema,
} from './flux-api.js';
import { type FluxInputSchema, type FluxModelId, fluxModels } from './flux-options.js';
import { type FluxValidatedInput, planFluxRequest } from './flux-request-body.js';

/** What the models of one FLUX provider share. */
export interface FluxModelConfig {
  readonly baseURL: string;
  readonly region: FluxRegion;
  readonly transport: ProviderTransport;
  readonly limits: FluxTaskLimits;
  readonly pollInterval: Partial<PollInterval>;
  /** The API key (read lazily; throws `MissingApiKeyError`). */
  apiKey(): string;
  /** Settings headers, `x-key`, call headers. */
  headers(callHeaders?: Readonly<Record<string, string>>): Record<string, string>;
}

type Validated<ID extends FluxModelId> = z.output<FluxInputSchema<ID>>;

/** Job data kept in the job reference, so that a job can be resumed from its id after a restart. */
interface FluxJobData {
  readonly pollingUrl?: string;
  readonly webhookUrl?: string;
  readonly cost?: number;
  readonly inputMp?: number;
  readonly outputMp?: number;
  readonly upsampled?: boolean;
}

function progressOf(progress: number | null | undefined): number | undefined {
  if (progress === null || progress === undefined || !Number.isFinite(progress)) return undefined;
  return Math.min(1, Math.max(0, progress > 1 ? progress / 100 : progress));
}

/** One FLUX model: an asynchronous job submitted, polled at its `polling_url`, its result downloaded. */
export class FluxImageModel<ID extends FluxModelId = FluxModelId>
  implements ImageModelV1<z.input<FluxInputSchema<ID>>, Validated<ID>>
{
  readonly specificationVersion = 'v1';
  readonly provider = fluxProviderId;
  readonly aliases: (typeof fluxModels)[ID]['aliases'];
  readonly capabilities: (typeof fluxModels)[ID]['capabilities'];
  readonly inputSchema: ImageModelV1<z.input<FluxInputSchema<ID>>, Validated<ID>>['inputSchema'];

  constructor(
    readonly modelId: ID,
    private readonly config: FluxModelConfig,
  ) {
    this.aliases = fluxModels[modelId].aliases;
    this.capabilities = fluxModels[modelId].capabilities;
    this.inputSchema = fluxModels[modelId].inputSchema as unknown as typeof this.inputSchema;
  }

  async submit(options: ImageModelV1CallOptions<Validated<ID>>): Promise<ImageModelV1Submission> {
    const input = options.input as FluxValidatedInput;
    const plan = await planFluxRequest(this.modelId, input, async (source, path) => {
      if (source.type === 'base64') return source.base64;
      const { bytes } = await this.config.transport.readInputImage(source, path, options);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    });
    const tasks = activeTasksFor(this.config.apiKey(), this.config.limits);
    const release = await tasks.acquire(this.modelId, options.abortSignal);
    try {
      const response = await this.config.transport.send(
        {
          method: 'POST',
          url: `${this.config.baseURL}/v1/${fluxModels[this.modelId].endpoint}`,
          headers: this.config.headers(options.headers),
          body: { type: 'json', value: { ...plan.body, ...options.passthrough } },
        },
        options,
      );
      if (response.status >= 400) throw fluxErrorFromResponse(response, this.modelId);
      const submitted = readJsonResponse(response, submitResponseSchema, fluxProviderId);
      const data: FluxJobData = {
        ...(submitted.cost === null || submitted.cost === undefined
          ? {}
          : { cost: submitted.cost }),
        ...(submitted.input_mp === null || submitted.input_mp === undefined
          ? {}
          : { inputMp: submitted.input_mp }),
        ...(submitted.output_mp === null || submitted.output_mp === undefined
          ? {}
          : { outputMp: submitted.output_mp }),
        ...(input.prompt_upsampling ? { upsampled: true } : {}),
      };
      if (!submitted.polling_url) {
        release();
        options.onProgress?.({ type: 'submitted', jobId: submitted.id });
        return {
          job: {
            id: submitted.id,
            data: { ...data, webhookUrl: submitted.webhook_url ?? input.webhook_url ?? '' },
          },
          warnings: plan.warnings,
        };
      }
      if (!isTrustedPollingUrl(submitted.polling_url, this.config.baseURL, this.config.region)) {
        throw new ProviderError({
          provider: fluxProviderId,
          message: `the submit answer points polling at ${safeOrigin(submitted.polling_url)}, which is not a BFL host for region ${this.config.region}; refusing to send the key there`,
          providerCode: 'unsafe_url',
          retryable: false,
        });
      }
      tasks.hold(submitted.id, release);
      options.onProgress?.({ type: 'submitted', jobId: submitted.id });
      return {
        job: { id: submitted.id, data: { ...data, pollingUrl: submitted.polling_url } },
        warnings: plan.warnings,
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  async poll(
    job: ImageModelV1Job,
    options: ImageModelV1JobOptions = {},
  ): Promise<ImageModelV1JobStatus> {
    const data = (job.data ?? {}) as FluxJobData;
    if (data.pollingUrl === undefined) {
      throw new ProviderError({
        provider: fluxProviderId,
        message: data.webhookUrl
          ? `job ${job.id} reports to its webhook and has no polling_url (Easel never builds one by hand)`
          : `job ${job.id} has no polling_url`,
        providerCode: 'not_pollable',
        retryable: false,
      });
    }
    if (!isTrustedPollingUrl(data.pollingUrl, this.config.baseURL, this.config.region)) {
      throw new ProviderError({
        provider: fluxProviderId,
        message: `job ${job.id} has an untrusted polling_url`,
        providerCode: 'unsafe_url',
        retryable: false,
      });
    }
    const response = await this.config.transport.send(
      { method: 'GET', url: data.pollingUrl, headers: this.config.headers(options.headers) },
      options,
    );
    if (response.status >= 400) throw fluxErrorFromResponse(response, this.modelId);
    const result = readJsonResponse(response, resultResponseSchema, fluxProviderId);
    const verdict = classifyStatus(result.status, fluxStatuses, fluxProviderId);
    if (verdict === 'pending') {
      const progress = progressOf(result.progress);
      return {
        status: 'pending',
        providerStatus: result.status,
        ...(progress === undefined ? {} : { progress }),
      };
    }
    this.#tasks().release(job.id);
    if (verdict === 'failed') throw failure(job.id, result.status, result.details);
    return { status: 'succeeded', result: await this.#download(job, data, result, options) };
  }

  async doGenerate(options: ImageModelV1CallOptions<Validated<ID>>): Promise<ImageModelV1Result> {
    if ((options.input as FluxValidatedInput).webhook_url !== undefined) {
      throw new InvalidInputError({
        model: `${fluxProviderId}/${this.modelId}`,
        issues: [
          {
            path: ['webhook_url'],
            message:
              'with a webhook BFL returns no polling_url, so there is nothing to wait for: use easel.submit() and receive the result at your webhook',
          },
        ],
      });
    }
    const started = Date.now();
    const { job, warnings } = await this.submit(options);
    try {
      const result = await waitForJob({
        provider: fluxProviderId,
        jobId: job.id,
        interval: this.config.pollInterval,
        abortSignal: options.abortSignal,
        deadline: options.deadline,
        onProgress: options.onProgress,
        poll: signal =>
          this.poll(job, {
            abortSignal: signal,
            deadline: options.deadline,
            headers: options.headers,
          }),
      });
      return {
        ...result,
        warnings: [...warnings, ...result.warnings],
        timings: { ...result.timings, jobMs: Date.now() - started },
      };
    } finally {
      // A job given up on (deadline, abort) still runs upstream, but nobody waits for it here.
      this.#tasks().release(job.id);
    }
  }

  #tasks() {
    return activeTasksFor(this.config.apiKey(), this.config.limits);
  }

  async #download(
    job: ImageModelV1Job,
    data: FluxJobData,
    result: z.infer<typeof resultResponseSchema>,
    call: CallContext,
  ): Promise<ImageModelV1Result> {
    const sample = result.result?.sample;
    if (!sample) {
      throw new ProviderError({
        provider: fluxProviderId,
        message: `job ${job.id} is Ready without a result.sample`,
        providerCode: 'no_result',
        retryable: false,
      });
    }
    const started = Date.now();
    // result.sample is a signed delivery URL on another host: the key must not go there (the
    // guarded downloader sends credentials only to the API's own origin).
    const downloaded = await this.config.transport.download(sample, {
      credentials: { origin: new URL(this.config.baseURL).origin, headers: this.config.headers() },
      call,
    });
    const revisedPrompt =
      data.upsampled && result.result?.prompt ? { revisedPrompt: result.result.prompt } : {};
    return {
      images: [
        {
          data: downloaded.bytes,
          mediaType: downloaded.mediaType,
          url: sample,
          ...(typeof result.result?.seed === 'number' ? { seed: result.result.seed } : {}),
          ...revisedPrompt,
        },
      ],
      warnings: [],
      ...(data.cost === undefined
        ? {}
        : { usage: { cost: { amount: data.cost, unit: 'credits' } } }),
      providerMetadata: {
        bfl: {
          id: job.id,
          ...(data.cost === undefined ? {} : { cost: data.cost }),
          ...(data.inputMp === undefined ? {} : { inputMp: data.inputMp }),
          ...(data.outputMp === undefined ? {} : { outputMp: data.outputMp }),
        },
      },
      response: { id: job.id, modelId: this.modelId, timestamp: new Date() },
      timings: { downloadMs: Date.now() - started },
    };
  }
}

function failure(
  jobId: string,
  status: string,
  details: Record<string, unknown> | null | undefined,
): Error {
  const reason = details ? JSON.stringify(details).slice(0, 300) : undefined;
  if (status === 'Request Moderated' || status === 'Content Moderated') {
    // BFL does not charge moderated requests (help.bfl.ai, "Why did my request fail").
    return new ContentFilteredError({
      provider: fluxProviderId,
      stage: status === 'Request Moderated' ? 'input' : 'output',
      billed: false,
      status: 200,
      reason: reason ? `${status}: ${reason}` : status,
    });
  }
  if (status === 'Task not found') {
    return new ProviderError({
      provider: fluxProviderId,
      message: `BFL does not know job ${jobId}: ids expire, and a job must be polled at the polling_url returned when it was submitted`,
      providerCode: 'task_not_found',
      retryable: false,
    });
  }
  return new ProviderError({
    provider: fluxProviderId,
    message: `job ${jobId} failed${reason ? `: ${reason}` : ''}`,
    providerCode: 'job_failed',
    retryable: false,
  });
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
