import {
  ConcurrencyLimiter,
  createGuardedAgent,
  defaultRetryPolicy,
  easelUserAgent,
  type HostResolver,
  type RetryPolicy,
  registerSecret,
  retryDelay,
} from '@easel/core';
import type { Agent } from 'undici';
import { VERSION } from '../version.js';
import { attemptWebhook, type WebhookAttemptResult } from './webhook-attempt.js';
import type { WebhookDeliveryOutcome, WebhookDeliveryRecord } from './webhook-delivery-record.js';
import type { WebhookEvent } from './webhook-event.js';
import { generateWebhookId, signWebhook, webhookSignatureHeaders } from './webhook-signature.js';
import {
  parseTrustedWebhookHosts,
  type TrustedWebhookHosts,
  webhookOrigin,
  webhookUrlRefusal,
} from './webhook-url-policy.js';

/** Options of `WebhookSender`. */
export interface WebhookSenderOptions {
  /** Signing secret, `whsec_<base64>` (see `generateWebhookSecret`). Registered as a secret, so errors never show it. */
  secret: string;
  /** Attempts per event, the first included. Default 6 (the last one about a minute after the first with the default delays). */
  maxAttempts?: number;
  /** Base of the full-jitter exponential backoff, ms: attempt n waits random(0, min(maxDelayMs, base·2^(n-1))). Default 2000. */
  baseDelayMs?: number;
  /** Cap on one backoff delay and on an honoured `Retry-After`, ms. Default 30 000. */
  maxDelayMs?: number;
  /** Limit on one attempt (connect, headers, body), ms. Default 10 000. */
  timeoutMs?: number;
  /**
   * Origins or host names the sender may reach even on private addresses (loopback receivers in
   * tests, EASEL_TRUSTED_URL_HOSTS), over http too. Everything else must be https and goes through
   * core's SSRF-guarded agent (`createGuardedAgent`), which checks every address at connect time.
   */
  trustedHosts?: readonly string[];
  /** DNS resolver for the guarded agent (tests inject one). Default: `dns.lookup`. */
  resolve?: HostResolver;
  /** Told each attempt's outcome and each event that ends without one, for metrics and logs. Errors it throws are ignored. */
  onDelivery?: (record: WebhookDeliveryRecord) => void;
  /** Random source in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
  /** Wall clock, ms since the epoch: `webhook-timestamp`, durations, `Retry-After` dates. Default `Date.now`. */
  now?: () => number;
  /** Deliveries in flight at once, across predictions. Default 16. */
  maxConcurrency?: number;
  /** Events held (queued, waiting to retry or in flight); beyond it new non-terminal events are dropped. `completed` is always accepted. Default 10 000. */
  maxPending?: number;
}

interface QueuedEvent {
  readonly event: WebhookEvent;
  readonly webhookId: string;
  /** Set when a newer event of the same prediction arrives while this non-terminal one is being retried. */
  superseded: boolean;
}

/** The events of one prediction, delivered one after the other. */
interface Lane {
  readonly queue: QueuedEvent[];
  current: QueuedEvent | undefined;
  /** Ends the current backoff early (the event was superseded). */
  wake: (() => void) | undefined;
}

/**
 * Delivers Replicate-compatible, signed webhooks (Standard Webhooks headers) in the background.
 *
 * - Events of one prediction are delivered in order, one at a time; predictions proceed in
 *   parallel up to `maxConcurrency`.
 * - A queued `output` or `logs` event is replaced by any newer event of its prediction (every body
 *   is the whole prediction, so the newer one says more); a non-terminal event waiting to be
 *   retried is abandoned once a newer one is queued. `start` is always attempted; `completed` is
 *   never replaced and is retried up to `maxAttempts`.
 * - Retried: connection errors, timeouts, 408, 429 and 5xx, after `Retry-After` (capped at
 *   `maxDelayMs`) plus a full-jitter exponential backoff. Any other status ends the event
 *   (redirects are not followed). Every attempt carries the same `webhook-id` and a fresh
 *   `webhook-timestamp` and signature.
 * - A URL refused by the SSRF rules (see `webhookUrlRefusal`, then the guarded agent's
 *   connect-time address check) is never connected to; the record says why.
 *
 * @example
 * const sender = new WebhookSender({ secret, onDelivery: record => metrics.recordWebhookDelivery(record) });
 * sender.send({ predictionId: prediction.id, type: 'completed', url: webhook, body: JSON.stringify(prediction) });
 * // on shutdown:
 * await sender.drain(5_000);
 * await sender.close();
 */
export class WebhookSender {
  readonly #secret: string;
  readonly #maxAttempts: number;
  readonly #maxDelayMs: number;
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  readonly #policy: RetryPolicy;
  readonly #now: () => number;
  readonly #onDelivery: WebhookSenderOptions['onDelivery'];
  readonly #trusted: TrustedWebhookHosts;
  readonly #agent: Agent;
  readonly #limiter: ConcurrencyLimiter;
  readonly #userAgent = easelUserAgent('gateway', VERSION);
  readonly #lanes = new Map<string, Lane>();
  readonly #workers = new Set<Promise<void>>();
  readonly #idleWaiters = new Set<() => void>();
  readonly #closing = new AbortController();
  #pending = 0;
  #closed: Promise<void> | undefined;

  constructor(options: WebhookSenderOptions) {
    // Signing once fails fast, with a TypeError, on a malformed secret.
    signWebhook(options.secret, 'msg_check', 0, '');
    registerSecret(options.secret);
    this.#secret = options.secret;
    this.#maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? 6);
    this.#maxDelayMs = nonNegative('maxDelayMs', options.maxDelayMs ?? 30_000);
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? 10_000);
    this.#maxPending = positiveInteger('maxPending', options.maxPending ?? 10_000);
    this.#policy = {
      ...defaultRetryPolicy,
      baseDelayMs: nonNegative('baseDelayMs', options.baseDelayMs ?? 2_000),
      maxDelayMs: this.#maxDelayMs,
      random: options.random ?? Math.random,
    };
    this.#now = options.now ?? Date.now;
    this.#onDelivery = options.onDelivery;
    this.#trusted = parseTrustedWebhookHosts(options.trustedHosts);
    this.#limiter = new ConcurrencyLimiter(options.maxConcurrency ?? 16);
    this.#agent = createGuardedAgent({
      ...(options.resolve === undefined ? {} : { resolve: options.resolve }),
      exemptOrigins: [...this.#trusted.origins],
      exemptHostnames: [...this.#trusted.hostnames],
      connectTimeoutMs: this.#timeoutMs,
    });
  }

  /** Events queued, waiting to be retried or in flight. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Queue an event; never throws, never blocks the caller. Events of one prediction are
   * delivered in order; a newer non-terminal event may replace an undelivered older one of the
   * same prediction; 'completed' is always delivered (retried).
   */
  send(event: WebhookEvent): void {
    const queued: QueuedEvent = { event, webhookId: generateWebhookId(), superseded: false };
    if (this.#closed !== undefined) {
      this.#report(queued, 0, 'dropped', { reason: 'sender closed' });
      return;
    }
    if (this.#pending >= this.#maxPending && event.type !== 'completed') {
      this.#report(queued, 0, 'dropped', { reason: 'too many pending webhooks' });
      return;
    }
    const lane = this.#lanes.get(event.predictionId);
    if (lane === undefined) {
      const created: Lane = { queue: [queued], current: undefined, wake: undefined };
      this.#lanes.set(event.predictionId, created);
      this.#pending++;
      this.#startWorker(event.predictionId, created);
      return;
    }
    const replaced = lane.queue.filter(older => isProgress(older.event));
    for (const older of replaced) {
      lane.queue.splice(lane.queue.indexOf(older), 1);
      this.#pending--;
      this.#report(older, 0, 'superseded', { reason: `replaced by a newer "${event.type}" event` });
    }
    if (lane.current !== undefined && lane.current.event.type !== 'completed') {
      lane.current.superseded = true;
      lane.wake?.();
    }
    lane.queue.push(queued);
    this.#pending++;
  }

  /** Wait until queued deliveries finish or the deadline passes (graceful shutdown). `deadlineMs` is a duration, ms. */
  async drain(deadlineMs: number): Promise<void> {
    if (this.#pending === 0) return;
    await new Promise<void>(resolve => {
      const finish = () => {
        clearTimeout(timer);
        this.#idleWaiters.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, Math.max(0, deadlineMs));
      this.#idleWaiters.add(finish);
    });
  }

  /**
   * Stop: refuse new events, abort attempts and backoffs in progress, report every undelivered
   * event as `dropped`, and close the connections. Call `drain` first to let deliveries finish.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing.abort();
      await Promise.all([...this.#workers]);
      await this.#agent.close();
    })();
    return this.#closed;
  }

  #startWorker(predictionId: string, lane: Lane): void {
    const worker = (async () => {
      await Promise.resolve();
      try {
        for (let next = lane.queue.shift(); next !== undefined; next = lane.queue.shift()) {
          lane.current = next;
          await this.#deliver(lane, next);
          lane.current = undefined;
          this.#pending--;
          if (this.#pending === 0) for (const finish of [...this.#idleWaiters]) finish();
        }
      } finally {
        this.#lanes.delete(predictionId);
      }
    })();
    this.#workers.add(worker);
    const forget = () => this.#workers.delete(worker);
    worker.then(forget, forget);
  }

  async #deliver(lane: Lane, queued: QueuedEvent): Promise<void> {
    const refusal = webhookUrlRefusal(queued.event.url, this.#trusted);
    if (refusal !== undefined) {
      this.#report(queued, 0, 'refused', { reason: refusal });
      return;
    }
    for (let attempt = 1; ; attempt++) {
      if (this.#closing.signal.aborted) {
        this.#report(queued, attempt - 1, 'dropped', { reason: 'sender closed' });
        return;
      }
      const started = this.#now();
      const result = await this.#attempt(queued);
      const details = { durationMs: this.#now() - started, ...failureDetails(result) };
      if (result.kind === 'delivered') {
        this.#report(queued, attempt, 'delivered', { ...details, status: result.status });
        return;
      }
      if (result.kind === 'refused') {
        this.#report(queued, attempt, 'refused', details);
        return;
      }
      if (result.kind === 'aborted') {
        this.#report(queued, attempt, 'dropped', { ...details, reason: 'sender closed' });
        return;
      }
      if (!result.retryable || attempt >= this.#maxAttempts) {
        this.#report(queued, attempt, 'failed', details);
        return;
      }
      if (queued.superseded) {
        this.#report(queued, attempt, 'superseded', details);
        return;
      }
      const retryAfter =
        result.retryAfterMs === undefined
          ? undefined
          : Math.min(result.retryAfterMs, this.#maxDelayMs);
      const delayMs = retryDelay(this.#policy, attempt, retryAfter);
      this.#report(queued, attempt, 'retrying', { ...details, delayMs });
      await this.#pause(lane, delayMs);
      if (queued.superseded) {
        this.#report(queued, attempt, 'superseded', { reason: 'a newer event is queued' });
        return;
      }
    }
  }

  async #attempt(queued: QueuedEvent): Promise<WebhookAttemptResult> {
    let release: () => void;
    try {
      release = await this.#limiter.acquire(this.#closing.signal);
    } catch {
      return { kind: 'aborted' };
    }
    try {
      const { event, webhookId } = queued;
      const timestamp = Math.floor(this.#now() / 1000);
      return await attemptWebhook({
        url: event.url,
        body: event.body,
        headers: {
          'content-type': 'application/json',
          'user-agent': this.#userAgent,
          ...webhookSignatureHeaders(this.#secret, webhookId, timestamp, event.body),
        },
        dispatcher: this.#agent,
        timeoutMs: this.#timeoutMs,
        signal: this.#closing.signal,
        now: this.#now,
      });
    } catch (error) {
      return { kind: 'failed', retryable: false, reason: `unexpected ${errorName(error)}` };
    } finally {
      release();
    }
  }

  #pause(lane: Lane, milliseconds: number): Promise<void> {
    return new Promise(resolve => {
      const signal = this.#closing.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        lane.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, milliseconds);
      lane.wake = done;
      if (signal.aborted) done();
      else signal.addEventListener('abort', done, { once: true });
    });
  }

  #report(
    queued: QueuedEvent,
    attempt: number,
    outcome: WebhookDeliveryOutcome,
    details: Partial<Pick<WebhookDeliveryRecord, 'status' | 'reason' | 'delayMs' | 'durationMs'>>,
  ): void {
    const origin = webhookOrigin(queued.event.url);
    const record: WebhookDeliveryRecord = {
      predictionId: queued.event.predictionId,
      type: queued.event.type,
      webhookId: queued.webhookId,
      attempt,
      outcome,
      ...details,
      ...(origin === undefined || origin === 'null' ? {} : { origin }),
    };
    try {
      this.#onDelivery?.(record);
    } catch {
      // An observer's failure must not stop deliveries.
    }
  }
}

function isProgress(event: WebhookEvent): boolean {
  return event.type === 'output' || event.type === 'logs';
}

function failureDetails(result: WebhookAttemptResult): { status?: number; reason?: string } {
  if (result.kind === 'refused') return { reason: result.reason };
  if (result.kind !== 'failed') return {};
  return result.status === undefined
    ? { reason: result.reason }
    : { status: result.status, reason: result.reason };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function positive(name: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} must be a positive finite number, got ${value}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}
