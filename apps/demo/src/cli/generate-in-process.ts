import { randomBytes } from 'node:crypto';
import { createEasel, type GenerateProgressEvent, splitImageCount } from '@easel/core';
import { composeProviders, type ProviderStatus } from '../providers/index.js';
import type { CommandContext } from './command-context.js';
import type { Generation, GenerationRequest } from './generation.js';
import { StatusLine } from './status-line.js';

/**
 * Runs the generation in this process: the providers composed from the environment (sandboxed
 * without keys), a hub, progress on stderr.
 */
export async function generateInProcess(
  request: GenerationRequest,
  context: CommandContext,
): Promise<Generation> {
  const composition = await composeProviders({ env: context.env });
  try {
    const easel = createEasel({ providers: composition.providers });
    const model = easel.describe(request.model);
    const provider = composition.statuses.find(status => status.id === model.provider)!;
    context.stderr.write(`${model.path}: ${describeMode(provider)}\n`);
    const requested = typeof request.input.n === 'number' ? request.input.n : 1;
    const calls = splitImageCount(requested, model.capabilities.maxImagesPerCall).length;
    const status = new StatusLine(context.stderr, model.path);
    const progress = new ProgressText(calls, model.capabilities.execution);
    status.update(progress.initial());
    try {
      const result = await easel.generate(request.model, request.input, {
        abortSignal: context.signal,
        timeoutMs: request.timeoutMs,
        onProgress: event => status.update(progress.after(event)),
      });
      status.finish(`done · ${result.images.length} image(s) in ${status.elapsed()}`);
      for (const failure of result.failures) {
        context.stderr.write(`warning: call ${failure.call} failed: ${failure.error.message}\n`);
      }
      return {
        model: result.model.path,
        id: randomBytes(4).toString('hex'),
        sandbox: provider.mode === 'sandbox',
        images: result.images,
        warnings: result.warnings,
        usage: result.usage ?? null,
      };
    } finally {
      status.finish();
    }
  } finally {
    await composition.close();
  }
}

function describeMode(status: ProviderStatus): string {
  if (status.mode === 'live') return `live (${status.credential})`;
  return status.reason === 'forced'
    ? 'sandbox (EASEL_SANDBOX is on): simulated images'
    : `sandbox (no ${status.credentialVariables.join(' or ')}): simulated images`;
}

/** Progress events as a short status; several calls are summed up (jobs submitted, mean progress). */
class ProgressText {
  readonly #calls: number;
  readonly #execution: string;
  readonly #completion = new Map<number, number>();
  #submitted = 0;

  constructor(calls: number, execution: string) {
    this.#calls = calls;
    this.#execution = execution;
  }

  initial(): string {
    const what = this.#execution === 'async' ? 'submitting' : 'generating';
    return this.#calls > 1 ? `${what} (${this.#calls} calls)` : what;
  }

  after(event: GenerateProgressEvent): string {
    const jobs = this.#calls > 1 ? ` · ${this.#calls} jobs` : '';
    switch (event.type) {
      case 'submitted':
        this.#submitted += 1;
        return this.#calls > 1
          ? `submitted ${this.#submitted} of ${this.#calls} jobs`
          : `submitted job ${shorten(event.jobId)}`;
      case 'pending': {
        if (event.progress !== undefined) this.#completion.set(event.call, event.progress);
        const percent = this.#percent();
        return `${event.status?.toLowerCase() ?? 'pending'}${percent === undefined ? '' : ` ${percent}%`}${jobs}`;
      }
      case 'partial-image':
        return `partial image ${event.partial + 1} of image ${event.index + 1}${this.#ofCall(event.call)}`;
      case 'retry':
        return `retrying (attempt ${event.attempt}) in ${(event.delayMs / 1000).toFixed(1)} s: ${event.reason}${this.#ofCall(event.call)}`;
    }
  }

  #ofCall(call: number): string {
    return this.#calls > 1 ? ` (call ${call + 1} of ${this.#calls})` : '';
  }

  /** Mean completion in steps of 10%; calls that have not reported count as 0. */
  #percent(): number | undefined {
    if (this.#completion.size === 0) return undefined;
    let sum = 0;
    for (const value of this.#completion.values()) sum += value;
    return Math.floor((sum / this.#calls) * 10) * 10;
  }
}

function shorten(id: string): string {
  return id.length > 16 ? `${id.slice(0, 12)}…` : id;
}
