import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockUpstream, startMockUpstream, upstreamBaseUrl } from './mock-upstream.js';
import { largeImageBytes } from './payloads.js';

const pngSignature = '89504e470d0a1a0a';

describe('the mock upstream', () => {
  let upstream: MockUpstream;
  beforeAll(async () => {
    upstream = await startMockUpstream();
  });
  afterAll(() => upstream.close());

  const generate = async (payload: 'small' | 'image4m', delayMs = 0) => {
    const response = await request(
      `${upstreamBaseUrl(upstream.url, payload, delayMs)}/images/generations`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-image-1', prompt: 'x' }),
      },
    );
    return {
      status: response.statusCode,
      body: (await response.body.json()) as { data: { b64_json: string }[]; usage: unknown },
    };
  };

  it('answers small JSON of about 1 KB in the OpenAI Images shape, with a real PNG', async () => {
    const { status, body } = await generate('small');
    expect(status).toBe(200);
    expect(upstream.payloadBytes.small).toBeGreaterThan(700);
    expect(upstream.payloadBytes.small).toBeLessThan(1_400);
    const image = Buffer.from(body.data[0]!.b64_json, 'base64');
    expect(image.subarray(0, 8).toString('hex')).toBe(pngSignature);
    expect(body.usage).toBeDefined();
  });

  it('answers a 4 MiB PNG as b64_json', async () => {
    const { body } = await generate('image4m', 1);
    const image = Buffer.from(body.data[0]!.b64_json, 'base64');
    expect(image.subarray(0, 8).toString('hex')).toBe(pngSignature);
    expect(image.byteLength).toBeGreaterThanOrEqual(largeImageBytes);
    expect(image.byteLength).toBeLessThan(largeImageBytes * 1.01);
    expect(image.readUInt32BE(16)).toBe(1024);
  });

  it('answers 404 to anything else', async () => {
    const response = await request(`${upstream.url}/v1/images/generations`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.statusCode).toBe(404);
    await response.body.dump();
  });
});
