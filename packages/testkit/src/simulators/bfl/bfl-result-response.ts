import type { JsonValue } from '../../simulator/index.js';
import type { SimulatedBflJob } from './bfl-job.js';

/** A `ResultResponse` body. */
export type BflResultResponse = { readonly [field: string]: JsonValue };

const moderationReasons = {
  'Request Moderated': 'Input content flagged by the moderation filter',
  'Content Moderated': 'Generated content flagged by the moderation filter',
} as const;

/**
 * A job's `ResultResponse` at a time, as `GET /v1/get_result` answers it and webhooks carry it:
 * - Pending: `{ id, status: 'Pending', result: null, progress: <0…1, rising>, details: null, preview: null }`;
 * - Ready: `result: { sample, prompt, seed, start_time, end_time, duration }` (times in unix
 *   seconds, duration in seconds), `progress: null`;
 * - Request Moderated, Content Moderated: `result: null`, `details: { 'Moderation Reasons': [...] }`;
 * - Error: `result: null`, `details: null`.
 *
 * @param sampleUrl The signed delivery URL of the job's sample.
 */
export function bflResultResponse(
  job: SimulatedBflJob,
  now: number,
  sampleUrl: () => string,
): BflResultResponse {
  const status = job.statusAt(now);
  const base = { id: job.id, status, result: null, progress: null, details: null, preview: null };
  switch (status) {
    case 'Pending':
      return { ...base, progress: job.progressAt(now) };
    case 'Ready':
      return {
        ...base,
        result: {
          sample: sampleUrl(),
          prompt: job.prompt,
          seed: job.seed,
          start_time: job.submittedAt / 1000,
          end_time: job.readyAt / 1000,
          duration: (job.readyAt - job.submittedAt) / 1000,
        },
      };
    case 'Request Moderated':
    case 'Content Moderated':
      return { ...base, details: { 'Moderation Reasons': [moderationReasons[status]] } };
    case 'Error':
      return base;
  }
}

/** The answer for an id the simulator does not hold; BFL answers it with 200, not 404. */
export function taskNotFound(id: string): BflResultResponse {
  return { id, status: 'Task not found' };
}
