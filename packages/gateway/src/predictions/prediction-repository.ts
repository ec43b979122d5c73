import { randomBase32 } from '../random-tokens.js';
import type { GatewayStore } from '../store/index.js';
import { jsonBytes, parseStoredJson } from '../stored-json.js';
import type { PredictionRecord } from './prediction-record.js';

/** A new prediction id: `p_` and 26 lowercase base32 characters (130 random bits). */
export function newPredictionId(): string {
  return `p_${randomBase32(26)}`;
}

const idPattern = /^p_[a-z2-7]{26}$/;

/** Predictions as JSON (bytes, see `jsonBytes`) in the store's `predictions` namespace. */
export class PredictionRepository {
  readonly #store: GatewayStore;
  readonly #ttlMs: number;

  constructor(store: GatewayStore, ttlMs: number) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  /** The prediction, or `undefined` when unknown or expired. */
  async get(id: string): Promise<PredictionRecord | undefined> {
    if (!idPattern.test(id)) return undefined;
    return parseStoredJson<PredictionRecord>(await this.#store.get('predictions', id));
  }

  /** Store (or replace) a prediction; its time to live restarts. */
  async put(record: PredictionRecord): Promise<void> {
    await this.#store.set('predictions', record.id, jsonBytes(record), {
      ttlMs: this.#ttlMs,
    });
  }
}
