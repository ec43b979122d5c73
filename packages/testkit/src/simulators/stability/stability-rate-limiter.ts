/** How many requests a key may send, and what happens when it sends more. */
export interface StabilityRateLimit {
  /** Requests a key may send within any `windowMs`; one more is refused and starts the penalty. */
  readonly requests: number;
  /** The sliding window, in milliseconds. */
  readonly windowMs: number;
  /** How long every request of the key is refused once it went over, in milliseconds. */
  readonly penaltyMs: number;
}

/** Stability's published limit: 150 requests within 10 seconds, then a 60-second time-out. */
export const defaultStabilityRateLimit: StabilityRateLimit = Object.freeze({
  requests: 150,
  windowMs: 10_000,
  penaltyMs: 60_000,
});

interface KeyState {
  /** When the key's accepted requests arrived, oldest first, within the window. */
  arrivals: number[];
  /** Until when every request of the key is refused; 0 when it is not timed out. */
  timedOutUntil: number;
}

/**
 * Stability's per-key rate limit: a key may send `requests` requests within any `windowMs`; the
 * next one is refused and times the key out for `penaltyMs`, during which every request is refused
 * (refused requests neither count nor extend the time-out). Afterwards the key starts afresh.
 */
export class StabilityRateLimiter {
  readonly #limit: StabilityRateLimit;
  readonly #now: () => number;
  readonly #keys = new Map<string, KeyState>();

  /** @param now The clock, in milliseconds. Default: `Date.now`. */
  constructor(limit: StabilityRateLimit, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Records a request of `key`; `false` when it is refused. */
  admit(key: string): boolean {
    const now = this.#now();
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = { arrivals: [], timedOutUntil: 0 };
      this.#keys.set(key, state);
    }
    if (now < state.timedOutUntil) return false;
    const windowStart = now - this.#limit.windowMs;
    const firstInWindow = state.arrivals.findIndex(arrival => arrival > windowStart);
    state.arrivals = firstInWindow === -1 ? [] : state.arrivals.slice(firstInWindow);
    if (state.arrivals.length >= this.#limit.requests) {
      state.arrivals = [];
      state.timedOutUntil = now + this.#limit.penaltyMs;
      return false;
    }
    state.arrivals.push(now);
    return true;
  }

  /** Forgets every key's requests and time-outs. */
  clear(): void {
    this.#keys.clear();
  }
}

/** The 429 message, in Stability's words, for a limit. */
export function rateLimitMessage(limit: StabilityRateLimit): string {
  return `You have exceeded the rate limit of ${limit.requests} requests within a ${seconds(limit.windowMs)} second period, and have been timed out for ${seconds(limit.penaltyMs)} seconds.`;
}

function seconds(milliseconds: number): string {
  return String(Math.round(milliseconds) / 1000);
}
