import type {
  SimulatorContext,
  SimulatorRequest,
  SimulatorResponse,
} from '../../simulator/index.js';
import { checkAccountLimits } from './bfl-account-limits.js';
import { type BflJobOutcome, SimulatedBflJob } from './bfl-job.js';
import type { BflModelProfile } from './bfl-models.js';
import { quoteBflSubmission } from './bfl-pricing.js';
import { bflResultResponse } from './bfl-result-response.js';
import type { BflSimulatorState } from './bfl-simulator-state.js';
import { readBflSubmission } from './bfl-submission.js';
import { bflTestPrompts } from './bfl-test-prompts.js';
import { validationErrorResponse } from './fastapi-error.js';

/** Where a submission goes and who sent it. */
export interface BflSubmissionTarget {
  readonly model: string;
  readonly profile: BflModelProfile;
  /** The `x-key` it came with. */
  readonly key: string;
}

/**
 * Answers `POST /v1/<model>`: checks the body (422), the key's credits (402) and active tasks
 * (429), then holds a new job and answers `AsyncResponse`
 * `{ id, polling_url, cost, input_mp, output_mp }`, or with a `webhook_url`,
 * `AsyncWebhookResponse` `{ id, status, webhook_url, cost, input_mp, output_mp }`.
 */
export function submitBflJob(
  state: BflSimulatorState,
  target: BflSubmissionTarget,
  request: SimulatorRequest,
  context: SimulatorContext,
): SimulatorResponse {
  const { model, profile, key } = target;
  const reading = readBflSubmission(model, profile, request);
  if ('issues' in reading) return validationErrorResponse(reading.issues);
  const { submission } = reading;
  const quote = quoteBflSubmission(profile.price, submission.size, submission.inputs);
  const now = Date.now();
  const refusal = checkAccountLimits(state.jobs.values(), state.options, {
    key,
    model,
    profile,
    cost: quote.cost,
    now,
  });
  if (refusal !== undefined) return refusal;

  const job = new SimulatedBflJob({
    id: randomUuid(state.random),
    model,
    prompt: submission.prompt,
    seed: submission.seed ?? Math.floor(state.random() * 2 ** 32),
    width: submission.size.width,
    height: submission.size.height,
    outputFormat: submission.outputFormat,
    cost: quote.cost,
    key,
    fingerprint: submission.fingerprint,
    submittedAt: now,
    durationMs: state.options.jobDurationMs,
    outcome: outcomeOf(submission.prompt),
    resultTtlMs: state.options.resultTtlMs,
    webhookUrl: submission.webhookUrl,
    webhookSecret: submission.webhookSecret,
  });
  state.jobs.set(job.id, job);
  state.submissions.set(job.fingerprint, (state.submissions.get(job.fingerprint) ?? 0) + 1);
  // A timer may fire a hair before the wall clock reaches readyAt; the webhook reports the end.
  state.webhooks.schedule(job, () =>
    bflResultResponse(job, Math.max(Date.now(), job.readyAt), () =>
      state.delivery.sampleUrl(job, state.deliveryUrl),
    ),
  );

  const usage = {
    cost: quote.cost,
    input_mp: quote.inputMegapixels,
    output_mp: quote.outputMegapixels,
  };
  if (submission.webhookUrl !== undefined) {
    return {
      body: {
        id: job.id,
        status: job.statusAt(now),
        webhook_url: submission.webhookUrl,
        ...usage,
      },
    };
  }
  return {
    body: {
      id: job.id,
      polling_url: `${context.baseUrl}/v1/get_result?id=${job.id}`,
      ...usage,
    },
  };
}

function outcomeOf(prompt: string): BflJobOutcome {
  if (prompt.includes(bflTestPrompts.requestModerated)) return 'Request Moderated';
  if (prompt.includes(bflTestPrompts.contentModerated)) return 'Content Moderated';
  if (prompt.includes(bflTestPrompts.error)) return 'Error';
  return 'Ready';
}

/** A version-4 UUID drawn from a seeded generator, so job ids replay with the seed. */
function randomUuid(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map(byte => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
