import { createHash } from 'node:crypto';
import { ConcurrencyLimiter } from '@easel/core';

/** BFL's limits on tasks that are submitted and not yet finished, per API key. */
export interface FluxTaskLimits {
  /** Every model. BFL's limit: 24. */
  readonly maxActiveTasks: number;
  /** flux-kontext-max, on top of the general limit. BFL's limit: 6. */
  readonly maxActiveKontextMaxTasks: number;
}

/** How long a job holds its slot when nobody polls it to the end: 15 minutes (results expire after 10). */
const leaseTimeoutMs = 15 * 60_000;

/**
 * Keeps Easel under BFL's active-task limits for one API key, so requests wait for a slot instead
 * of collecting 429s. A job holds a slot from submission until its terminal status is seen, or
 * until it is abandoned (released after 15 minutes, or when the caller gives up waiting).
 */
export class FluxActiveTasks {
  readonly #all: ConcurrencyLimiter;
  readonly #kontextMax: ConcurrencyLimiter;
  readonly #leases = new Map<string, () => void>();

  constructor(limits: FluxTaskLimits) {
    this.#all = new ConcurrencyLimiter(limits.maxActiveTasks);
    this.#kontextMax = new ConcurrencyLimiter(limits.maxActiveKontextMaxTasks);
  }

  /** Jobs holding a slot now. */
  get active(): number {
    return this.#all.active;
  }

  /** Wait for a slot for a job of `modelId`; returns its release. */
  async acquire(modelId: string, signal?: AbortSignal): Promise<() => void> {
    const releaseModel =
      modelId === 'flux-kontext-max' ? await this.#kontextMax.acquire(signal) : undefined;
    try {
      const releaseAll = await this.#all.acquire(signal);
      return () => {
        releaseAll();
        releaseModel?.();
      };
    } catch (error) {
      releaseModel?.();
      throw error;
    }
  }

  /** Keep a submitted job's slot until `release(jobId)` (or the lease times out). */
  hold(jobId: string, release: () => void): void {
    const timer = setTimeout(() => this.release(jobId), leaseTimeoutMs);
    timer.unref();
    this.#leases.set(jobId, () => {
      clearTimeout(timer);
      release();
    });
  }

  /** Free the slot of a job whose terminal status was seen, or that was abandoned. Idempotent. */
  release(jobId: string): void {
    const release = this.#leases.get(jobId);
    this.#leases.delete(jobId);
    release?.();
  }
}

const registry = new Map<string, FluxActiveTasks>();

/** The active-task accounting of an API key, shared by every provider instance that uses it. */
export function activeTasksFor(apiKey: string, limits: FluxTaskLimits): FluxActiveTasks {
  const fingerprint = createHash('sha256').update(apiKey).digest('hex').slice(0, 24);
  const key = `${fingerprint}:${limits.maxActiveTasks}:${limits.maxActiveKontextMaxTasks}`;
  let tasks = registry.get(key);
  if (tasks === undefined) {
    tasks = new FluxActiveTasks(limits);
    registry.set(key, tasks);
  }
  return tasks;
}
