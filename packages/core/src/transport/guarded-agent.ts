import type { LookupFunction } from 'node:net';
import type { Agent, buildConnector } from 'undici';
import {
  defaultHostResolver,
  type HostResolver,
  resolveAllowedAddresses,
} from './address-policy.js';
import { defaultConnectTimeoutMs } from './default-dispatcher.js';
import { undiciNow } from './undici-module.js';

/** Options of `createGuardedLookup`. */
export interface GuardedLookupOptions {
  /** Resolver used for every lookup. Default: `defaultHostResolver`. */
  resolve?: HostResolver;
  /** Host names resolved without any check (the allowlisted ones). Default: none. */
  exemptHostnames?: Iterable<string>;
}

/**
 * A `lookup` for `net.connect` / `tls.connect` that resolves through `resolve`, refuses blocked
 * names and addresses (see `resolveAllowedAddresses`) and hands the socket only the addresses it
 * checked. Because the check runs on the very lookup whose answer is connected to, a DNS answer
 * that changes between the pre-check and the connection (rebinding) cannot slip through.
 */
export function createGuardedLookup(options: GuardedLookupOptions = {}): LookupFunction {
  const exempt = new Set(options.exemptHostnames ?? []);
  return lookupThrough(options.resolve ?? defaultHostResolver, hostname => exempt.has(hostname));
}

function lookupThrough(
  resolve: HostResolver,
  isExempt: (hostname: string) => boolean,
): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const addresses = isExempt(hostname)
      ? resolve(hostname)
      : resolveAllowedAddresses(hostname, resolve);
    addresses.then(
      answers => {
        const wanted = familyNumber(lookupOptions.family);
        const usable = answers.filter(answer => wanted === 0 || answer.family === wanted);
        const first = usable[0];
        if (first === undefined) {
          const error = Object.assign(new Error(`No usable address for "${hostname}"`), {
            code: 'ENOTFOUND',
          });
          callback(error, '');
        } else if (lookupOptions.all) {
          callback(
            null,
            usable.map(({ address, family }) => ({ address, family })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

function familyNumber(family: number | string | undefined): number {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

/** Options of `createGuardedAgent` and `guardedAgent`. */
export interface GuardedAgentOptions {
  /** Resolver used at connect time. Default: `defaultHostResolver`. */
  resolve?: HostResolver;
  /** Host names connected to without address checks, on any port. Default: none. */
  exemptHostnames?: readonly string[];
  /**
   * Origins (`http://mock.test:4010`) connected to without address checks. Only that scheme,
   * host and port are exempt. Default: none.
   */
  exemptOrigins?: readonly string[];
  /** Time allowed for lookup plus TCP/TLS connect, in ms. Default 10 000. */
  connectTimeoutMs?: number;
}

/**
 * An undici `Agent` whose every new connection goes through `createGuardedLookup`, except
 * connections to an exempt origin or host name. Prefer `guardedAgent`, which reuses agents.
 */
export function createGuardedAgent(options: GuardedAgentOptions = {}): Agent {
  const resolve = options.resolve ?? defaultHostResolver;
  const timeout = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  const exemptOrigins = new Set((options.exemptOrigins ?? []).map(originKey));
  const undici = undiciNow();
  const checking = undici.buildConnector({
    timeout,
    lookup: createGuardedLookup({ resolve, exemptHostnames: options.exemptHostnames }),
  });
  const trusting = undici.buildConnector({ timeout, lookup: lookupThrough(resolve, () => true) });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const { protocol, hostname, port } = connectOptions;
    const key = `${protocol}//${hostname}:${effectivePort(protocol, port)}`;
    (exemptOrigins.has(key) ? trusting : checking)(connectOptions, callback);
  };
  return new undici.Agent({ connect });
}

function effectivePort(protocol: string, port: string | number | undefined): string {
  if (port !== undefined && port !== '') return String(port);
  return protocol === 'https:' ? '443' : '80';
}

function originKey(origin: string): string {
  const url = new URL(origin);
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return `${url.protocol}//${hostname}:${effectivePort(url.protocol, url.port)}`;
}

interface CachedAgent {
  readonly resolve: HostResolver;
  readonly key: string;
  readonly agent: Agent;
}

/** Most agents kept by `guardedAgent`; beyond that the least recently used one is forgotten. */
const agentCacheSize = 16;
const cachedAgents: CachedAgent[] = [];

/**
 * A pooled guarded agent for this configuration: the same resolver function (by identity), exempt
 * names and origins, and connect timeout give the same `Agent`, so connections are reused across
 * downloads. Pass a long-lived resolver, not a new arrow function per call. At most 16
 * configurations are kept; a forgotten agent is not closed (a download may still be using it):
 * its idle connections time out after 4 s and it is garbage-collected.
 */
export function guardedAgent(options: GuardedAgentOptions = {}): Agent {
  const resolve = options.resolve ?? defaultHostResolver;
  const key = JSON.stringify([
    [...(options.exemptHostnames ?? [])].sort(),
    (options.exemptOrigins ?? []).map(originKey).sort(),
    options.connectTimeoutMs ?? defaultConnectTimeoutMs,
  ]);
  const index = cachedAgents.findIndex(entry => entry.resolve === resolve && entry.key === key);
  const found = index === -1 ? undefined : cachedAgents.splice(index, 1)[0];
  const entry = found ?? { resolve, key, agent: createGuardedAgent(options) };
  cachedAgents.push(entry);
  if (cachedAgents.length > agentCacheSize) cachedAgents.shift();
  return entry.agent;
}

/** Close every agent handed out by `guardedAgent` (for tests and shutdown). Later calls build new ones. */
export async function closeGuardedAgents(): Promise<void> {
  const entries = cachedAgents.splice(0, cachedAgents.length);
  await Promise.all(entries.map(entry => entry.agent.close()));
}
