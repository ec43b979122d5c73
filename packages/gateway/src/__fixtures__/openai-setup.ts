import type { ImageProviderV1 } from '@easel/core';
import { createOpenAI } from '@easel/provider-openai';
import { startOpenAISimulator } from '@easel/testkit/openai';
import {
  type GatewayHarness,
  type GatewayHarnessOptions,
  startGatewayHarness,
} from './gateway-harness.js';

/** The canary key of the OpenAI provider: no answer, log line or metric may contain it. */
export const openaiApiKey = 'sk-openai-canary-5e0f3a9b1c7d2468';

/** A gateway with the reference provider and OpenAI (on its simulator). */
export interface OpenAIGatewayHarness extends GatewayHarness {
  readonly openaiSimulator: Awaited<ReturnType<typeof startOpenAISimulator>>;
}

/** Start the OpenAI simulator and a gateway serving it next to the reference provider. */
export async function startOpenAIGatewayHarness(
  options: Omit<GatewayHarnessOptions, 'providers'> & {
    readonly extraProviders?: readonly ImageProviderV1<object>[];
  } = {},
): Promise<OpenAIGatewayHarness> {
  const openaiSimulator = await startOpenAISimulator({ apiKey: openaiApiKey });
  const openai = createOpenAI({
    apiKey: openaiApiKey,
    baseURL: `${openaiSimulator.url}/v1`,
    downloads: { allowlist: [...openaiSimulator.origins] },
    retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 0 },
  });
  const { extraProviders = [], ...rest } = options;
  const harness = await startGatewayHarness({ ...rest, providers: [openai, ...extraProviders] });
  return {
    ...harness,
    openaiSimulator,
    async close() {
      await harness.close();
      await openaiSimulator.close();
    },
  };
}
