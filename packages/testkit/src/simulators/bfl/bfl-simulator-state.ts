import type { BflDelivery } from './bfl-delivery.js';
import type { SimulatedBflJob } from './bfl-job.js';
import type { ResolvedBflSimulatorOptions } from './bfl-simulator-options.js';
import type { BflWebhookSender } from './bfl-webhooks.js';

/** What the API origin's handler works on; lives as long as the simulator. */
export interface BflSimulatorState {
  readonly options: ResolvedBflSimulatorOptions;
  /** Every job ever submitted, by id. */
  readonly jobs: Map<string, SimulatedBflJob>;
  /** Accepted submissions by `BflSubmission.fingerprint`. */
  readonly submissions: Map<string, number>;
  /** Seeded by `options.seed`: job ids and the seeds of submissions that send none. */
  readonly random: () => number;
  readonly delivery: BflDelivery;
  /** The delivery origin, e.g. `http://127.0.0.1:43124`. */
  readonly deliveryUrl: string;
  readonly webhooks: BflWebhookSender;
}
