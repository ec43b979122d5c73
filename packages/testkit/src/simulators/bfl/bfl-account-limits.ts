import type { SimulatorResponse } from '../../simulator/index.js';
import type { SimulatedBflJob } from './bfl-job.js';
import type { BflModelProfile } from './bfl-models.js';
import type { ResolvedBflSimulatorOptions } from './bfl-simulator-options.js';
import { detailResponse } from './fastapi-error.js';

/** A submission about to be accepted, as the account limits see it. */
export interface BflAccountCharge {
  readonly key: string;
  readonly model: string;
  readonly profile: BflModelProfile;
  readonly cost: number;
  readonly now: number;
}

/**
 * Checks a key's balance, then its active tasks, against a new submission:
 * - 402 `Insufficient credits…` when the balance (`credits` less what the key's jobs hold) is
 *   below the cost;
 * - 429 `You have reached the maximum number of active tasks…` when the key already has
 *   `activeTaskLimit` Pending jobs, or, for flux-kontext-max, `kontextMaxActiveTaskLimit` Pending
 *   flux-kontext-max jobs.
 *
 * @returns the refusal, or `undefined` to accept.
 */
export function checkAccountLimits(
  jobs: Iterable<SimulatedBflJob>,
  options: ResolvedBflSimulatorOptions,
  charge: BflAccountCharge,
): SimulatorResponse | undefined {
  const { key, model, profile, cost, now } = charge;
  let held = 0;
  let active = 0;
  let activeOnModel = 0;
  for (const job of jobs) {
    if (job.key !== key) continue;
    held += job.chargeAt(now);
    if (job.statusAt(now) !== 'Pending') continue;
    active += 1;
    if (job.model === model) activeOnModel += 1;
  }
  const balance = options.credits - held;
  if (balance < cost) {
    return detailResponse(
      402,
      `Insufficient credits. This request costs ${cost} credits and ${Math.max(0, Math.round(balance * 100) / 100)} remain.`,
    );
  }
  if (profile.ownActiveTaskLimit && activeOnModel >= options.kontextMaxActiveTaskLimit) {
    return tooManyActiveTasks(`for ${model} (${options.kontextMaxActiveTaskLimit})`);
  }
  if (active >= options.activeTaskLimit) return tooManyActiveTasks(`(${options.activeTaskLimit})`);
  return undefined;
}

function tooManyActiveTasks(limit: string): SimulatorResponse {
  return detailResponse(
    429,
    `You have reached the maximum number of active tasks ${limit}. Wait for a task to finish before submitting another one.`,
  );
}
