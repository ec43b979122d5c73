import { GatewayError, retryAfterHeader } from '../http/gateway-error.js';
import {
  AdmissionQueue,
  type BreakerState,
  breakerOutcomeOf,
  CircuitBreaker,
  type CircuitBreakerOptions,
  OverloadedError,
} from '../resilience/index.js';

/** Limits of one provider's admission queue. */
export interface ProviderLimits {
  /** Predictions of this provider running at once. Default 16. */
  readonly concurrency?: number;
  /** Predictions allowed to wait for a slot; one more is shed with 503. Default 64. */
  readonly maxQueue?: number;
}

/** Default `ProviderLimits.concurrency`. */
export const defaultProviderConcurrency = 16;
/** Default `ProviderLimits.maxQueue`. */
export const defaultProviderMaxQueue = 64;

/** Options of `ProviderAdmission`. */
export interface ProviderAdmissionOptions {
  /** Limits per provider id; providers not listed get the defaults. */
  readonly limits?: Readonly<Record<string, ProviderLimits>>;
  /** Circuit breaker settings for every provider, or `false` for none. */
  readonly breaker?: CircuitBreakerOptions | false;
  /** Longest wait for a slot, ms. Default 30 000. */
  readonly maxWaitMs?: number;
  /** Told when a request is shed (queue full, waited too long, breaker open). */
  readonly onShed?: (
    provider: string,
    reason: 'queue_full' | 'queue_timeout' | 'breaker_open',
  ) => void;
  /** Told when a provider's breaker changes state. */
  readonly onBreakerState?: (provider: string, state: BreakerState) => void;
}

/** A slot to run one prediction; settle it exactly once when the prediction ends. */
export interface AdmissionLease {
  /** Free the slot and tell the breaker how it went (`undefined`: success). */
  settle(error?: unknown): void;
}

interface ProviderGate {
  readonly queue: AdmissionQueue;
  readonly breaker: CircuitBreaker | undefined;
}

/**
 * Admission control per provider: a circuit breaker that fails fast while the provider is
 * failing, then a bounded queue that sheds load. A refused request gets a 503 with
 * `Retry-After` before anything is sent upstream, so clients may always retry it.
 */
export class ProviderAdmission {
  readonly #options: ProviderAdmissionOptions;
  readonly #gates = new Map<string, ProviderGate>();

  constructor(options: ProviderAdmissionOptions = {}) {
    this.#options = options;
  }

  /** Queued and running predictions of each provider seen so far. */
  snapshot(): Array<{ provider: string; queued: number; active: number; breaker: BreakerState }> {
    return [...this.#gates].map(([provider, gate]) => ({
      provider,
      queued: gate.queue.queued,
      active: gate.queue.active,
      breaker: gate.breaker?.state ?? 'closed',
    }));
  }

  /**
   * Wait for a slot for `provider`. Rejects with a 503 `GatewayError` (`provider_unavailable`)
   * while its breaker is open, with `OverloadedError` when the queue is full or the wait too long,
   * or with the signal's reason. `signal` may be a function that makes it: it is then only called
   * when the request has to queue (most are admitted at once, and need none).
   */
  async admit(
    provider: string,
    signal?: AbortSignal | (() => AbortSignal),
  ): Promise<AdmissionLease> {
    const gate = this.#gate(provider);
    const permit = gate.breaker?.tryAcquire();
    if (permit !== undefined && !permit.ok) {
      this.#options.onShed?.(provider, 'breaker_open');
      throw new GatewayError({
        status: 503,
        code: 'provider_unavailable',
        message: `${provider} is failing; the gateway stops sending it requests for a while.`,
        details: { provider, retryAfterMs: permit.retryAfterMs },
        headers: retryAfterHeader(permit.retryAfterMs),
      });
    }
    let release: () => void;
    try {
      const now = typeof signal === 'object' && signal.aborted ? undefined : gate.queue.tryEnter();
      release = now ?? (await gate.queue.enter(typeof signal === 'function' ? signal() : signal));
    } catch (error) {
      permit?.ignore();
      if (OverloadedError.isInstance(error)) this.#options.onShed?.(provider, error.reason);
      throw error;
    }
    let settled = false;
    return {
      settle(error?: unknown) {
        if (settled) return;
        settled = true;
        release();
        if (permit === undefined) return;
        if (error === undefined) permit.success();
        else if (breakerOutcomeOf(error) === 'failure') permit.failure();
        else permit.ignore();
      },
    };
  }

  #gate(provider: string): ProviderGate {
    let gate = this.#gates.get(provider);
    if (gate !== undefined) return gate;
    const limits = this.#options.limits?.[provider] ?? {};
    const breakerOptions = this.#options.breaker;
    gate = {
      queue: new AdmissionQueue({
        concurrency: limits.concurrency ?? defaultProviderConcurrency,
        maxQueue: limits.maxQueue ?? defaultProviderMaxQueue,
        ...(this.#options.maxWaitMs === undefined ? {} : { maxWaitMs: this.#options.maxWaitMs }),
      }),
      breaker:
        breakerOptions === false
          ? undefined
          : new CircuitBreaker({
              ...breakerOptions,
              onStateChange: (state, previous) => {
                breakerOptions?.onStateChange?.(state, previous);
                this.#options.onBreakerState?.(provider, state);
              },
            }),
    };
    this.#gates.set(provider, gate);
    return gate;
  }
}
