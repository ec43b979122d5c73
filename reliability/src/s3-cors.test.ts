import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientAnswer } from './support/http-client.js';
import { type OpenAIGateway, startOpenAIGateway } from './support/openai-gateway.js';

// S3: CORS with an origin allowlist, with `*`, and without any.
const allowed = ['https://app.example.com', 'http://localhost:5173'];
const refused = [
  'https://evil.example.com',
  'https://app.example.com.evil.com',
  'https://evil.app.example.com',
  'http://app.example.com',
  'https://app.example.com:8443',
  'null',
];
const predictionsPath = '/v1/models/openai/gpt-image-1/predictions';

let listed: OpenAIGateway;
let wildcard: OpenAIGateway;
let none: OpenAIGateway;
const seen: ClientAnswer[] = [];

beforeAll(async () => {
  [listed, wildcard, none] = await Promise.all([
    startOpenAIGateway({ source: 'S3', gateway: { corsOrigins: allowed } }),
    startOpenAIGateway({ source: 'S3', gateway: { corsOrigins: ['*'] } }),
    startOpenAIGateway({ source: 'S3' }),
  ]);
});

afterAll(async () => {
  await Promise.all([listed, wildcard, none].map(target => target?.close()));
});

async function preflight(target: OpenAIGateway, origin: string): Promise<ClientAnswer> {
  const answer = await target.client.call(`${target.url}${predictionsPath}`, {
    method: 'OPTIONS',
    authorized: false,
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key, prefer',
    },
  });
  seen.push(answer);
  return answer;
}

async function simple(target: OpenAIGateway, origin: string): Promise<ClientAnswer> {
  const answer = await target.client.call(`${target.url}/v1/models`, { headers: { origin } });
  seen.push(answer);
  return answer;
}

describe('S3: CORS', () => {
  it('lets allowlisted origins through a preflight, without credentials', async () => {
    for (const origin of allowed) {
      const answer = await preflight(listed, origin);
      expect(answer.status, origin).toBe(204);
      expect(answer.headers['access-control-allow-origin'], origin).toBe(origin);
      expect(answer.headers.vary?.toLowerCase(), origin).toContain('origin');
      expect(answer.headers['access-control-allow-methods'], origin).toContain('POST');
      const headers = answer.headers['access-control-allow-headers']?.toLowerCase() ?? '';
      for (const name of ['authorization', 'content-type', 'idempotency-key', 'prefer']) {
        expect(headers, `${origin} ${name}`).toContain(name);
      }
      const simpleAnswer = await simple(listed, origin);
      expect(simpleAnswer.status, origin).toBe(200);
      expect(simpleAnswer.headers['access-control-allow-origin'], origin).toBe(origin);
      expect(
        simpleAnswer.headers['access-control-expose-headers']?.toLowerCase(),
        origin,
      ).toContain('retry-after');
    }
  });

  it('gives every other origin no Access-Control-Allow-Origin', async () => {
    for (const origin of refused) {
      const answer = await preflight(listed, origin);
      expect(answer.headers['access-control-allow-origin'], origin).toBeUndefined();
      const simpleAnswer = await simple(listed, origin);
      expect(simpleAnswer.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('answers `*` only when configured, and never with credentials', async () => {
    const answer = await preflight(wildcard, 'https://anyone.example');
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    for (const origin of [...allowed, ...refused]) {
      expect(
        (await preflight(none, origin)).headers['access-control-allow-origin'],
        origin,
      ).toBeUndefined();
      expect(
        (await simple(none, origin)).headers['access-control-allow-origin'],
        origin,
      ).toBeUndefined();
      await simple(wildcard, origin);
    }
    for (const { headers } of seen) {
      expect(headers['access-control-allow-credentials']).toBeUndefined();
    }
    console.info(
      `S3: ${seen.length} CORS answers checked; none with Access-Control-Allow-Credentials`,
    );
  });
});
