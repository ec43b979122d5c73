import { createEasel, type ImageProviderSettings, type ImageProviderV1 } from '@easel/core';
import { createGateway, type Gateway, type GatewayOptions } from '@easel/gateway';
import { createOpenAI } from '@easel/provider-openai';
import type { Simulator } from '@easel/testkit';
import { startOpenAISimulator } from '@easel/testkit/openai';
import { canaryGatewayKey, canaryProviderKey } from './canary-keys.js';
import { type CapturedLogger, captureLogger } from './captured-logger.js';
import {
  type CallOptions,
  type ClientAnswer,
  createHttpClient,
  type HttpClient,
} from './http-client.js';
import { record } from './transcript.js';

/** The model every R test generates with. */
export const openaiModel = 'openai/gpt-image-1';

/** Options of `startOpenAIGateway`. */
export interface OpenAIGatewayOptions {
  /** Label in the transcript. */
  readonly source: string;
  /** Seed of the simulator. Default 1. */
  readonly seed?: number;
  /**
   * Settings of the OpenAI provider, over the defaults (canary key, simulator URL); the
   * simulator's origins are added to `downloads.allowlist`.
   */
  readonly provider?: Omit<ImageProviderSettings, 'apiKey' | 'baseURL'>;
  /** Gateway options, over the defaults (canary key, captured logger). */
  readonly gateway?: Omit<Partial<GatewayOptions>, 'easel'>;
  /** More providers for the hub. */
  readonly providers?: readonly ImageProviderV1<object>[];
  /** The hub's cap on upstream calls in flight. Default 64. */
  readonly maxConcurrency?: number;
}

/** A gateway (in this process, listening on loopback) in front of OpenAI on its simulator. */
export interface OpenAIGateway {
  readonly url: string;
  readonly gateway: Gateway;
  readonly simulator: Simulator;
  readonly logs: CapturedLogger;
  readonly client: HttpClient;
  /** `POST /v1/models/<model>/predictions`. */
  predict<BODY = unknown>(
    input: Record<string, unknown>,
    options?: Omit<CallOptions, 'json'> & { model?: string },
  ): Promise<ClientAnswer<BODY>>;
  /** `GET /metrics` (recorded in the transcript). */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Start the OpenAI simulator (canary key), the OpenAI provider pointed at it and a gateway (canary
 * key, every log line captured) in front of it.
 */
export async function startOpenAIGateway(options: OpenAIGatewayOptions): Promise<OpenAIGateway> {
  const simulator = await startOpenAISimulator({
    apiKey: canaryProviderKey,
    seed: options.seed ?? 1,
  });
  const openai = createOpenAI({
    ...options.provider,
    downloads: {
      ...options.provider?.downloads,
      allowlist: [...simulator.origins, ...(options.provider?.downloads?.allowlist ?? [])],
    },
    apiKey: canaryProviderKey,
    baseURL: `${simulator.url}/v1`,
  });
  const easel = createEasel({
    providers: [openai, ...(options.providers ?? [])],
    maxConcurrency: options.maxConcurrency ?? 64,
  });
  const logs = captureLogger(options.source);
  const gateway = await createGateway({
    easel,
    apiKeys: [canaryGatewayKey],
    logger: logs.logger,
    ...options.gateway,
  });
  const url = await gateway.listen();
  const client = createHttpClient(options.source);
  return {
    url,
    gateway,
    simulator,
    logs,
    client,
    predict: (input, { model = openaiModel, ...call } = {}) =>
      client.call(`${url}/v1/models/${model}/predictions`, { ...call, json: { input } }),
    async metrics() {
      const answer = await client.call(`${url}/metrics`);
      record('metrics', options.source, answer.text);
      return answer.text;
    },
    async close() {
      await gateway.close({ graceMs: 0 });
      await client.close();
      await simulator.close();
    },
  };
}
