import {
  type AspectRatioString,
  aspectRatioForSize,
  ContentFilteredError,
  classifyStatus,
  dropUnsupportedCommonFields,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Job,
  type ImageModelV1JobOptions,
  type ImageModelV1JobStatus,
  type ImageModelV1Result,
  type ImageModelV1Submission,
  type ImageModelV1Warning,
  type PollInterval,
  ProviderError,
  readJsonResponse,
  resolveOutputFormat,
  snapAspectRatio,
  waitForJob,
} from '@easel/core';
import type { z } from 'zod';
import {
  isTrustedPollUrl,
  referenceErrorFromResponse,
  referenceJobResponseSchema,
  referenceJobStatuses,
  referenceJobStatusSchema,
  referenceProviderId,
} from './reference-api.js';
import type { ReferenceModelConfig } from './reference-image-model.js';
import { referenceAsyncInput, referenceCapabilities } from './reference-options.js';

type Validated = z.output<typeof referenceAsyncInput>;

/** `ref-async`: a job is submitted, polled at the returned URL, and its result downloaded. */
export class ReferenceJobModel
  implements ImageModelV1<z.input<typeof referenceAsyncInput>, Validated>
{
  readonly specificationVersion = 'v1';
  readonly provider = referenceProviderId;
  readonly modelId = 'ref-async';
  readonly aliases = ['reference/async'] as const;
  readonly capabilities = referenceCapabilities['ref-async'];
  readonly inputSchema = referenceAsyncInput;

  constructor(
    private readonly config: ReferenceModelConfig,
    private readonly pollInterval: Partial<PollInterval> = {},
  ) {}

  async submit(options: ImageModelV1CallOptions<Validated>): Promise<ImageModelV1Submission> {
    const { input, warnings } = dropUnsupportedCommonFields(options.input, this.capabilities);
    const format = resolveOutputFormat(input.output_format, this.capabilities);
    if (format.warning) warnings.push(format.warning);
    const response = await this.config.transport.send(
      {
        method: 'POST',
        url: `${this.config.baseURL}/v1/jobs`,
        headers: this.config.headers(options.headers),
        body: {
          type: 'json',
          value: {
            prompt: input.prompt,
            aspect_ratio: this.#aspectRatio(input, warnings),
            format: format.value ?? 'png',
            ...(input.priority === undefined ? {} : { priority: input.priority }),
            ...options.passthrough,
          },
        },
      },
      options,
    );
    if (response.status >= 400) throw referenceErrorFromResponse(response);
    const job = readJsonResponse(response, referenceJobResponseSchema, referenceProviderId);
    if (!isTrustedPollUrl(job.poll_url, this.config.baseURL)) {
      throw new ProviderError({
        provider: referenceProviderId,
        message: 'the job answer points polling at another host; refusing to poll it',
        providerCode: 'unsafe_url',
        retryable: false,
      });
    }
    options.onProgress?.({ type: 'submitted', jobId: job.id });
    return { job: { id: job.id, data: { pollUrl: job.poll_url } }, warnings };
  }

  async poll(
    job: ImageModelV1Job,
    options: ImageModelV1JobOptions = {},
  ): Promise<ImageModelV1JobStatus> {
    const pollUrl = job.data?.pollUrl;
    if (typeof pollUrl !== 'string' || !isTrustedPollUrl(pollUrl, this.config.baseURL)) {
      throw new ProviderError({
        provider: referenceProviderId,
        message: `job ${job.id} has no trusted poll URL`,
        providerCode: 'unsafe_url',
        retryable: false,
      });
    }
    const response = await this.config.transport.send(
      { method: 'GET', url: pollUrl, headers: this.config.headers(options.headers) },
      options,
    );
    if (response.status >= 400) throw referenceErrorFromResponse(response);
    const status = readJsonResponse(response, referenceJobStatusSchema, referenceProviderId);
    const verdict = classifyStatus(status.status, referenceJobStatuses, referenceProviderId);
    if (verdict === 'pending') {
      return {
        status: 'pending',
        providerStatus: status.status,
        ...(status.progress === null || status.progress === undefined
          ? {}
          : { progress: status.progress }),
      };
    }
    if (verdict === 'failed') {
      if (status.status === 'moderated') {
        throw new ContentFilteredError({
          provider: referenceProviderId,
          stage: status.error?.stage === 'input' ? 'input' : 'output',
          billed: false,
          status: response.status,
          ...(status.error?.message ? { reason: status.error.message } : {}),
        });
      }
      throw new ProviderError({
        provider: referenceProviderId,
        message: status.error?.message ?? `job ${job.id} failed`,
        retryable: false,
        ...(status.error?.code ? { providerCode: status.error.code } : {}),
      });
    }
    if (!status.result) {
      throw new ProviderError({
        provider: referenceProviderId,
        message: `job ${job.id} succeeded without a result`,
        retryable: false,
      });
    }
    const started = Date.now();
    const downloaded = await this.config.transport.download(status.result.url, {
      credentials: { origin: new URL(this.config.baseURL).origin, headers: this.config.headers() },
      call: options,
    });
    return {
      status: 'succeeded',
      result: {
        images: [
          {
            data: downloaded.bytes,
            mediaType: downloaded.mediaType,
            url: status.result.url,
            ...(status.result.width ? { width: status.result.width } : {}),
            ...(status.result.height ? { height: status.result.height } : {}),
          },
        ],
        warnings: [],
        providerMetadata: { reference: { jobId: job.id } },
        response: { id: job.id, modelId: this.modelId, timestamp: new Date() },
        timings: { downloadMs: Date.now() - started },
      },
    };
  }

  async cancel(job: ImageModelV1Job, options: ImageModelV1JobOptions = {}): Promise<void> {
    const response = await this.config.transport.send(
      {
        method: 'DELETE',
        url: `${this.config.baseURL}/v1/jobs/${encodeURIComponent(job.id)}`,
        headers: this.config.headers(options.headers),
      },
      options,
    );
    if (response.status >= 400 && response.status !== 404)
      throw referenceErrorFromResponse(response);
  }

  async doGenerate(options: ImageModelV1CallOptions<Validated>): Promise<ImageModelV1Result> {
    const started = Date.now();
    const { job, warnings } = await this.submit(options);
    const result = await waitForJob({
      provider: referenceProviderId,
      jobId: job.id,
      interval: this.pollInterval,
      ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
      ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      poll: signal =>
        this.poll(job, {
          abortSignal: signal,
          ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
        }),
    });
    return {
      ...result,
      warnings: [...warnings, ...result.warnings],
      timings: { ...result.timings, jobMs: Date.now() - started },
    };
  }

  #aspectRatio(input: Validated, warnings: ImageModelV1Warning[]): AspectRatioString {
    const ratios = this.capabilities.aspectRatios;
    if (input.aspect_ratio !== undefined) {
      const snapped = snapAspectRatio(input.aspect_ratio, ratios);
      if (snapped.warning) warnings.push(snapped.warning);
      return snapped.value;
    }
    if (input.size !== undefined) {
      const snapped = aspectRatioForSize(input.size, ratios);
      if (snapped.warning) warnings.push(snapped.warning);
      return snapped.value;
    }
    return '1:1';
  }
}
