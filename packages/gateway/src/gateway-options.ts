import type { FastifyInstance } from 'fastify';
import type { Logger, LoggerOptions } from 'pino';
import type { ProviderLimits } from './admission/provider-admission.js';
import type { GatewayHub } from './gateway-hub.js';
import type { GatewayMetrics } from './metrics/index.js';
import type { CircuitBreakerOptions } from './resilience/index.js';
import type { GatewayStore } from './store/index.js';

/** Size and time limits of the gateway. */
export interface GatewayLimits {
  /** Largest request body, bytes; refused with 413 from `Content-Length` before reading, and while reading. Default 25 MiB. */
  readonly bodyBytes?: number;
  /** How long a prediction request without `Prefer: wait=N` waits for the result, ms. Default 60 000. */
  readonly defaultWaitMs?: number;
  /** How long generated files are served, ms. Default 3 600 000 (one hour, as Replicate keeps API outputs). */
  readonly fileTtlMs?: number;
  /** How long predictions (and idempotency keys) are kept, ms. Default 86 400 000 (one day). */
  readonly predictionTtlMs?: number;
  /**
   * Lingering close after an answer sent before the body was read (401, 413, 415): how long the
   * connection stays half-closed, reading and dropping what the client still sends, so the
   * client reads the answer instead of a connection reset, ms. Default 5 000.
   */
  readonly lingerMs?: number;
  /**
   * Most bytes read and dropped while lingering (give or take 64 KiB); past them the connection
   * is no longer read until `lingerMs` is up. Default 4 MiB.
   */
  readonly lingerBytes?: number;
  /** Admission limits per provider id (`openai`, `bfl`, …): running predictions and queue length. Defaults 16 and 64. */
  readonly providers?: Readonly<Record<string, ProviderLimits>>;
}

/** Options of `createGateway`. */
export interface GatewayOptions {
  /** The hub, with its providers registered: `createEasel({ providers })` (any catalog). */
  readonly easel: GatewayHub;
  /** Provider ids served by a local simulator: marked `sandbox: true` in `/v1/models` and in predictions. */
  readonly sandboxProviders?: readonly string[];
  /** Gateway keys, sent as `Authorization: Bearer <key>`. None: the gateway is open (a warning is logged at start). */
  readonly apiKeys?: readonly string[];
  /** Origins allowed by CORS, e.g. `https://app.example.com`. None: no CORS headers. */
  readonly corsOrigins?: readonly string[];
  /** Public base URL of the gateway (for `urls.get` and file URLs), e.g. `https://images.example.com`. Default: from each request. */
  readonly publicUrl?: string;
  /** Where state lives. Default `createMemoryStore()` (closed by `close()`; a store passed in is left open). */
  readonly store?: GatewayStore;
  /** `true` (default): JSON logs at info on stdout; `false`: none; pino options; or a pino logger (a child is used). */
  readonly logger?: boolean | LoggerOptions | Logger;
  /** Size and time limits. */
  readonly limits?: GatewayLimits;
  /** Circuit breaker per provider (options), or `false` for none. Default: the breaker's defaults. */
  readonly breaker?: CircuitBreakerOptions | false;
  /** Webhook signing secret (`whsec_<base64>`, default: a random one per process) and hosts allowed over http or on private addresses. */
  readonly webhooks?: { readonly secret?: string; readonly trustedHosts?: readonly string[] };
}

/** A gateway, built but not yet listening. */
export interface Gateway {
  /** The Fastify app, not yet listening: callers may add routes (the demo adds its playground at `/`). */
  readonly app: FastifyInstance;
  /** Start listening (default host 127.0.0.1, port 0: any free port); resolves the base URL, e.g. `http://127.0.0.1:8080`. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Graceful: stop accepting, let in-flight predictions finish up to graceMs (default 10 000), drain webhooks, close. */
  close(options?: { graceMs?: number }): Promise<void>;
  /** The gateway's Prometheus metrics (own registry). */
  readonly metrics: GatewayMetrics;
}

/** Default `limits.bodyBytes`: 25 MiB. */
export const defaultBodyBytes = 25 * 1024 * 1024;
/** Default `limits.lingerMs`: 5 s. */
export const defaultLingerMs = 5_000;
/** Default `limits.lingerBytes`: 4 MiB. */
export const defaultLingerBytes = 4 * 1024 * 1024;
/** Default `limits.defaultWaitMs`: 60 s, as Replicate's sync mode. */
export const defaultWaitMs = 60_000;
/** Default `limits.fileTtlMs`: one hour. */
export const defaultFileTtlMs = 60 * 60_000;
/** Default `limits.predictionTtlMs`: one day. */
export const defaultPredictionTtlMs = 24 * 60 * 60_000;
/** Default `graceMs` of `close`. */
export const defaultGraceMs = 10_000;
/** Longest a generation may run before it fails with a timeout, ms (the hub's default deadline). */
export const predictionDeadlineMs = 600_000;
