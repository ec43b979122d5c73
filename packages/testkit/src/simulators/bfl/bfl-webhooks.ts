import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { JsonValue } from '../../simulator/index.js';
import type { SimulatedBflJob } from './bfl-job.js';

/** The header carrying a webhook's signature, when the submission gave a `webhook_secret`. */
export const bflWebhookSignatureHeader = 'x-webhook-signature';

/**
 * The signature of a webhook body: `sha256=` and the hex HMAC-SHA256 of the raw body bytes, keyed
 * with the submission's `webhook_secret` (UTF-8). BFL documents no scheme; this is the common one.
 *
 * @example
 * bflWebhookSignature('s3cret', rawBody) === request.headers['x-webhook-signature'];
 */
export function bflWebhookSignature(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Whether the simulator may call a webhook URL: only plain `http:` on a loopback host
 * (`localhost`, `127.x.x.x`, `[::1]`), so a test never reaches out of the machine.
 */
export function isLoopbackWebhookUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:') return false;
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Posts each job's final `ResultResponse` to its `webhook_url` when the job turns terminal.
 * URLs that are not loopback are never called (the job still runs and can be polled). A receiver
 * that is down or answers an error is not retried and is not a simulator error.
 */
export class BflWebhookSender {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #closing = new AbortController();
  readonly #onError: (error: unknown) => void;

  /** @param onError Receives the simulator's own failures (never the receiver's). */
  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Schedules the call for a job, if it has a loopback `webhook_url`. */
  schedule(job: SimulatedBflJob, payload: () => JsonValue): void {
    const url = job.webhookUrl;
    if (url === undefined || !isLoopbackWebhookUrl(url) || this.#closing.signal.aborted) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        try {
          this.#post(url, JSON.stringify(payload()), job.webhookSecret);
        } catch (error) {
          this.#onError(error);
        }
      },
      Math.max(0, job.readyAt - Date.now()),
    );
    timer.unref();
    this.#timers.add(timer);
  }

  /** Cancels every scheduled call and aborts those under way. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#closing.abort();
  }

  #post(url: string, body: string, secret: string | undefined): void {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'easel-bfl-simulator',
      ...(secret === undefined
        ? {}
        : { [bflWebhookSignatureHeader]: bflWebhookSignature(secret, body) }),
    };
    const outgoing = httpRequest(url, {
      method: 'POST',
      headers,
      agent: false,
      signal: this.#closing.signal,
    });
    // The receiver's failures (refused, reset, aborted on close) are its own, not the simulator's.
    outgoing.on('error', () => {});
    outgoing.on('response', response => response.resume());
    outgoing.end(body);
  }
}
