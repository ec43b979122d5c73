import type { Dispatcher } from 'undici';
import type { HostResolver } from '../transport/address-policy.js';
import type { RetryPolicy } from '../transport/retry-policy.js';
import type { TransportTimeouts } from '../transport/send-request.js';

/**
 * Settings every Easel provider accepts (each adds its own, e.g. OpenAI's `organization`). A
 * third-party provider that accepts these can be run by the conformance suite unchanged.
 */
export interface ImageProviderSettings {
  /** API key. Default: the provider's environment variable(s), read when the first request is made. */
  readonly apiKey?: string;
  /** Base URL of the API, e.g. a proxy or a wire simulator. Default: the provider's own. */
  readonly baseURL?: string;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The undici dispatcher requests go through: a custom `Agent` (pool sizes, proxies), an agent
   * composed with interceptors (`agent.compose(...)`), or a `MockAgent` in tests. Default: a
   * shared pooled agent.
   */
  readonly dispatcher?: Dispatcher;
  /** Retry policy overrides, or `false` to never retry. Default: `defaultRetryPolicy`. */
  readonly retry?: Partial<RetryPolicy> | false;
  /** Per-request limits. */
  readonly timeouts?: TransportTimeouts;
  /** Largest response accepted, bytes. Default 64 MiB. */
  readonly maxResponseBytes?: number;
  /** How result URLs and input image URLs are downloaded (always SSRF-guarded). */
  readonly downloads?: {
    /**
     * Origins or host names exempt from the address checks and allowed over http: the loopback
     * simulators in tests, the offline sandbox. Default: none.
     */
    readonly allowlist?: readonly string[];
    /** Largest download, bytes. Default 50 MiB. */
    readonly maxBytes?: number;
    /** DNS resolver (for tests). */
    readonly resolve?: HostResolver;
  };
}
