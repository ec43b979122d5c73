import type { BflOutputFormat } from './bfl-models.js';

/** A status of `ResultResponse` (the spec's `StatusResponse`, less `Task not found`). */
export type BflJobStatus =
  | 'Pending'
  | 'Ready'
  | 'Request Moderated'
  | 'Content Moderated'
  | 'Error';

/** How a job ends. */
export type BflJobOutcome = Exclude<BflJobStatus, 'Pending'>;

/** A job the simulator holds. */
export interface BflSimulatorJob {
  /** A UUID, as BFL's task ids are. */
  readonly id: string;
  /** The route it was submitted to, e.g. `flux-kontext-pro`. */
  readonly model: string;
  /** The prompt as sent (`''` when none). */
  readonly prompt: string;
  /** When it was submitted, ms since the epoch. */
  readonly submittedAt: number;
  /** When it turned (or will turn) terminal, ms since the epoch; `submittedAt` for `Request Moderated`. */
  readonly readyAt: number;
  /** Its status now: `Pending`, `Ready`, `Request Moderated`, `Content Moderated` or `Error`. */
  readonly status: string;
  /** Output width in pixels (see `bflOutputSize`). */
  readonly width: number;
  /** Output height in pixels. */
  readonly height: number;
  readonly outputFormat: 'jpeg' | 'png' | 'webp';
  /** The seed sent, or the one the simulator drew; `result.seed` reports it. */
  readonly seed: number;
  /** Credits the submission was quoted (`cost`). */
  readonly cost: number;
}

/** Everything a job is made of. */
export interface BflJobInit {
  readonly id: string;
  readonly model: string;
  readonly prompt: string;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly outputFormat: BflOutputFormat;
  readonly cost: number;
  /** The `x-key` it was submitted with: limits and credits are per key. */
  readonly key: string;
  /** `BflSubmission.fingerprint`, to count resubmissions. */
  readonly fingerprint: string;
  readonly submittedAt: number;
  readonly durationMs: number;
  readonly outcome: BflJobOutcome;
  /** How long its sample URL stays valid after it turns Ready, ms. */
  readonly resultTtlMs: number;
  readonly webhookUrl: string | undefined;
  readonly webhookSecret: string | undefined;
}

/** A job whose status follows the clock: Pending until `readyAt`, then its outcome. */
export class SimulatedBflJob implements BflSimulatorJob {
  readonly id: string;
  readonly model: string;
  readonly prompt: string;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly outputFormat: BflOutputFormat;
  readonly cost: number;
  readonly key: string;
  readonly fingerprint: string;
  readonly submittedAt: number;
  readonly readyAt: number;
  readonly outcome: BflJobOutcome;
  /** When the sample URL stops working, ms since the epoch. */
  readonly sampleExpiresAt: number;
  readonly webhookUrl: string | undefined;
  readonly webhookSecret: string | undefined;

  constructor(init: BflJobInit) {
    this.id = init.id;
    this.model = init.model;
    this.prompt = init.prompt;
    this.seed = init.seed;
    this.width = init.width;
    this.height = init.height;
    this.outputFormat = init.outputFormat;
    this.cost = init.cost;
    this.key = init.key;
    this.fingerprint = init.fingerprint;
    this.submittedAt = init.submittedAt;
    this.outcome = init.outcome;
    this.readyAt =
      init.outcome === 'Request Moderated' ? init.submittedAt : init.submittedAt + init.durationMs;
    this.sampleExpiresAt = this.readyAt + init.resultTtlMs;
    this.webhookUrl = init.webhookUrl;
    this.webhookSecret = init.webhookSecret;
  }

  get status(): BflJobStatus {
    return this.statusAt(Date.now());
  }

  /** The status at a time (ms since the epoch). */
  statusAt(now: number): BflJobStatus {
    return now < this.readyAt ? 'Pending' : this.outcome;
  }

  /** Progress while Pending, from 0 rising towards 1, to 3 decimals. */
  progressAt(now: number): number {
    const span = this.readyAt - this.submittedAt;
    const fraction = span <= 0 ? 0 : (now - this.submittedAt) / span;
    return Math.floor(Math.min(0.999, Math.max(0, fraction)) * 1000) / 1000;
  }

  /** Credits this job holds at a time: its cost, unless it ended in an outcome that is not billed. */
  chargeAt(now: number): number {
    if (this.outcome === 'Ready' || this.statusAt(now) === 'Pending') return this.cost;
    return 0;
  }
}
