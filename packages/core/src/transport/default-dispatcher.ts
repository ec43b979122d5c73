import type { Dispatcher } from 'undici';
import { undiciNow } from './undici-module.js';

const holderKey = Symbol.for('easel.defaultDispatcher.v1');

/** Connect timeout of the default agent, ms. */
export const defaultConnectTimeoutMs = 10_000;

/**
 * The shared, pooled undici `Agent` used when a provider is given no dispatcher: one pool per
 * origin, unlimited connections per pool (concurrency is capped by the hub instead, so requests
 * never queue invisibly inside the pool), keep-alive shorter than Node's server default to avoid
 * the reuse-after-close race, a 10 s connect timeout.
 */
export function getDefaultDispatcher(): Dispatcher {
  const holder = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  let agent = holder[holderKey];
  if (agent === undefined) {
    agent = new (undiciNow().Agent)({
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 60_000,
      connect: { timeout: defaultConnectTimeoutMs },
    });
    holder[holderKey] = agent;
  }
  return agent;
}
