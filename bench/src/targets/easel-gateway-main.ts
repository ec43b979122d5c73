/**
 * Target (b): the Easel gateway (`@easel/gateway`) in front of `@easel/provider-openai`, pointed at
 * the mock upstream. Announces `unavailable` when the gateway package does not export
 * `createGateway` yet, so the harness skips this target instead of failing.
 */
import { createEasel } from '@easel/core';
import { createOpenAI } from '@easel/provider-openai';
import { announceUnavailable, serveCalls } from '../process/ipc-protocol.js';
import { benchGatewayKey, benchUpstreamKey } from './bench-keys.js';

/** The gateway API this harness expects (see the gateway's README when it lands). */
interface GatewayModule {
  readonly createGateway?: (options: {
    readonly easel: unknown;
    readonly apiKeys?: readonly string[];
    readonly breaker?: false;
    readonly limits?: {
      readonly providers?: Readonly<Record<string, { concurrency?: number; maxQueue?: number }>>;
    };
  }) => Promise<{
    listen(options: { port: number; host: string }): Promise<string>;
    close(): Promise<void>;
  }>;
}

const [upstreamBaseUrl, settingsJson] = process.argv.slice(2);
if (upstreamBaseUrl === undefined)
  throw new Error('usage: easel-gateway-main.js <upstreamBaseUrl> [settings JSON]');
/** Optional per-scenario settings (R5: a total deadline on provider calls, no breaker). */
const settings = JSON.parse(settingsJson ?? '{}') as {
  readonly totalMs?: number;
  readonly breaker?: false;
};

// A variable specifier: the harness compiles whether or not the gateway has been built.
const gatewaySpecifier = '@easel/gateway';
const gatewayModule = (await import(gatewaySpecifier).catch(() => ({}))) as GatewayModule;
if (typeof gatewayModule.createGateway !== 'function') {
  announceUnavailable(
    '@easel/gateway does not export createGateway yet (the gateway has not landed)',
  );
} else {
  const easel = createEasel({
    providers: [
      createOpenAI({
        apiKey: benchUpstreamKey,
        baseURL: upstreamBaseUrl,
        downloads: { allowlist: [new URL(upstreamBaseUrl).origin] },
        ...(settings.totalMs === undefined ? {} : { timeouts: { totalMs: settings.totalMs } }),
      }),
    ],
    // The hub's default cap (8 upstream calls in flight) would queue c=200 inside the gateway: a
    // gateway in front of one provider is configured for the load it takes.
    maxConcurrency: 1_024,
  });
  // Likewise the gateway's admission control (default: 16 running per provider, 64 queued, the
  // rest shed with 503) is sized for c=200. Logging stays at its default (JSON at info on stdout,
  // which the harness sends to /dev/null), as part of the pipeline measured.
  const gateway = await gatewayModule.createGateway({
    easel,
    apiKeys: [benchGatewayKey],
    ...(settings.breaker === false ? { breaker: false } : {}),
    limits: { providers: { openai: { concurrency: 512, maxQueue: 1_024 } } },
  });
  const url = await gateway.listen({ port: 0, host: '127.0.0.1' });
  serveCalls({}, { url: url.replace(/\/$/, '') });
}
