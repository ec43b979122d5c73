import { createEasel } from '@easel/core';
import { createGateway } from '@easel/gateway';
import { createOpenAI } from '@easel/provider-openai';
import { startOpenAISimulator } from '@easel/testkit/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canaryGatewayKey,
  canaryKeys,
  canaryProviderKey,
  findCanaries,
} from './support/canary-keys.js';
import { captureLogger } from './support/captured-logger.js';
import { createHttpClient } from './support/http-client.js';
import { type OpenAIGateway, startOpenAIGateway } from './support/openai-gateway.js';
import { readTranscript, record } from './support/transcript.js';

// S2: the canary provider and gateway keys never show in anything the suite saw. This file runs
// last (see vitest.config.ts): it provokes the likeliest leaks itself (an upstream that echoes the
// key in its error bodies and headers, a provider key the upstream rejects, a presented gateway
// key that is wrong only by a suffix), then scans the transcript of the whole suite: every log
// line of every gateway (in process, and the child processes' stdout and stderr), every answer
// any client got, every /metrics scrape.

let target: OpenAIGateway;
const client = createHttpClient('S2');

beforeAll(async () => {
  target = await startOpenAIGateway({
    source: 'S2',
    provider: { retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 0 } },
  });
});

afterAll(async () => {
  await target?.close();
  await client.close();
});

const echo = `Incorrect API key provided: ${canaryProviderKey}. Authorization: Bearer ${canaryProviderKey}`;
const input = { prompt: 'a wren', size: '1024x1024', quality: 'low', output_format: 'jpeg' };

describe('S2: canary keys', () => {
  it('keeps an upstream that echoes the provider key from leaking it', async () => {
    for (const status of [400, 401, 403, 429, 500, 503]) {
      target.simulator.inject({
        match: { method: 'POST' },
        times: 2,
        fault: {
          type: 'respond',
          status,
          headers: { 'x-echo-authorization': `Bearer ${canaryProviderKey}`, 'retry-after': '1' },
          body: {
            error: {
              message: echo,
              type: 'invalid_request_error',
              code: 'invalid_api_key',
              param: null,
            },
          },
        },
      });
      const prediction = await target.predict<{ error?: { details?: { prediction_id?: string } } }>(
        input,
        {
          headers: { 'idempotency-key': `s2-${status}` },
        },
      );
      expect(prediction.status, String(status)).toBeGreaterThanOrEqual(400);
      const id = prediction.body.error?.details?.prediction_id;
      if (id !== undefined) await target.client.call(`${target.url}/v1/predictions/${id}`);
      await target.predict(input, { headers: { 'idempotency-key': `s2-${status}` } });
      await target.client.call(`${target.url}/v1/images/generations`, {
        json: { model: 'gpt-image-1', ...input },
      });
      target.simulator.clearFaults();
    }
  });

  it('keeps a provider key the upstream rejects from leaking', async () => {
    const simulator = await startOpenAISimulator({ apiKey: 'sk-the-key-upstream-expects-000000' });
    const logs = captureLogger('S2 rejected key');
    const gateway = await createGateway({
      easel: createEasel({
        providers: [createOpenAI({ apiKey: canaryProviderKey, baseURL: `${simulator.url}/v1` })],
      }),
      apiKeys: [canaryGatewayKey],
      logger: logs.logger,
    });
    const url = await gateway.listen();
    const answer = await client.call(`${url}/v1/models/openai/gpt-image-1/predictions`, {
      json: { input },
    });
    expect(answer.status).toBe(502);
    await client.call(`${url}/v1/images/generations`, { json: { model: 'gpt-image-1', ...input } });
    record('metrics', 'S2 rejected key', (await client.call(`${url}/metrics`)).text);
    await gateway.close({ graceMs: 0 });
    await simulator.close();
  });

  it('never echoes a presented gateway key, right or wrong', async () => {
    for (const authorization of [
      `Bearer ${canaryGatewayKey}x`,
      `Basic ${canaryGatewayKey}`,
      canaryGatewayKey,
      `Bearer  ${canaryGatewayKey} ${canaryGatewayKey}`,
    ]) {
      const answer = await target.predict(input, { headers: { authorization } });
      expect(answer.status, authorization.slice(0, 6)).toBe(401);
    }
    const keyed = await target.client.call(`${target.url}/v1/models`, {
      headers: { 'x-api-key': canaryGatewayKey, cookie: `session=${canaryGatewayKey}` },
    });
    expect(keyed.status).toBe(200);
    await target.metrics();
  });

  it('finds neither canary anywhere in what the whole suite saw', () => {
    // The scanner works: a planted canary is found.
    expect(findCanaries(`a log line with ${canaryKeys[1]} in it`)).toHaveLength(1);
    const { text, files, bytes } = readTranscript();
    const sources = new Set([...text.matchAll(/^--- \S+ (\S+)/gm)].map(match => match[1]));
    console.info(
      `S2: scanned ${(bytes / 1024 / 1024).toFixed(1)} MiB from ${files} worker file(s), sources ${[...sources].sort().join(' ')}`,
    );
    expect(sources.has('S2')).toBe(true);
    expect(text).toContain('"msg":"request completed"');
    expect(findCanaries(text)).toEqual([]);
  });
});
