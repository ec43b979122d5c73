import type { GatewayStore } from '../store/index.js';
import type { WebhookDeliveryRecord } from '../webhooks/index.js';

/** Deliveries kept per prediction (the newest). */
const maximumEntries = 50;

/** One delivery as `GET /v1/predictions/:id/webhooks` lists it. */
export type WebhookDeliveryEntry = WebhookDeliveryRecord & { readonly at: string };

/**
 * The webhook delivery history of each prediction, in the store's `webhooks` namespace: every
 * attempt and outcome the sender reports (origin only, never the URL's path or query), newest
 * last, for as long as the prediction is kept.
 */
export class WebhookDeliveryLog {
  readonly #store: GatewayStore;
  readonly #ttlMs: number;
  readonly #writes = new Map<string, Promise<void>>();

  constructor(store: GatewayStore, ttlMs: number) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  /** Append a record (writes of one prediction are serialised). Never throws. */
  record(record: WebhookDeliveryRecord): Promise<void> {
    const previous = this.#writes.get(record.predictionId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const entries = await this.list(record.predictionId);
        entries.push({ ...record, at: new Date().toISOString() });
        await this.#store.set(
          'webhooks',
          record.predictionId,
          JSON.stringify(entries.slice(-maximumEntries)),
          { ttlMs: this.#ttlMs },
        );
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.#writes.get(record.predictionId) === next)
          this.#writes.delete(record.predictionId);
      });
    this.#writes.set(record.predictionId, next);
    return next;
  }

  /** The deliveries of a prediction, oldest first. */
  async list(predictionId: string): Promise<WebhookDeliveryEntry[]> {
    const value = await this.#store.get('webhooks', predictionId);
    return typeof value === 'string' ? (JSON.parse(value) as WebhookDeliveryEntry[]) : [];
  }

  /** Wait for pending writes. */
  async flush(): Promise<void> {
    await Promise.all([...this.#writes.values()]);
  }
}
