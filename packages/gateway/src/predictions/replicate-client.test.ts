import { readImageMetadata } from '@easel/core';
import Replicate, { type FileOutput } from 'replicate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../__fixtures__/gateway-harness.js';

const publicUrl = 'https://gateway.example.test';
const apiKey = 'gw-replicate-0123456789abcdef';
let harness: GatewayHarness;

/**
 * The fetch given to the client: sends what it addresses to the public URL to the loopback
 * gateway (as a TLS-terminating proxy would), and can add a preference to each request.
 */
function proxyFetch(extraPrefer?: string): typeof fetch {
  return async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith('data:')) return fetch(url);
    const headers = new Headers(init?.headers);
    if (extraPrefer) {
      const prefer = headers.get('prefer');
      headers.set('prefer', prefer ? `${prefer}, ${extraPrefer}` : extraPrefer);
    }
    return fetch(url.replace(publicUrl, harness.url), { ...init, headers });
  };
}

function client(extraPrefer?: string): Replicate {
  return new Replicate({
    auth: apiKey,
    baseUrl: `${publicUrl}/v1`,
    fetch: proxyFetch(extraPrefer),
  });
}

beforeAll(async () => {
  harness = await startGatewayHarness({
    gateway: { apiKeys: [apiKey], publicUrl },
    simulator: { jobDurationMs: 300 },
  });
});
afterAll(() => harness.close());

async function bytesOf(output: FileOutput): Promise<Uint8Array> {
  return new Uint8Array(await (await output.blob()).arrayBuffer());
}

describe('the official replicate client', () => {
  it('creates a prediction and waits for it (predictions.create + wait)', async () => {
    const replicate = client();
    const created = await replicate.predictions.create({
      model: 'reference/ref-async',
      input: { prompt: 'a deer by the lake', aspect_ratio: '16:9' },
    });
    expect(created.status).toBe('succeeded');
    // Without Prefer the gateway waits (as the seed API does); the client asks for async
    // explicitly to poll.
    const fresh = await client('respond-async').predictions.create({
      model: 'reference/ref-async',
      input: { prompt: 'another deer' },
    });
    expect(fresh.status).toBe('processing');
    const done = await replicate.wait(fresh, { interval: 50 });
    expect(done.status).toBe('succeeded');
    expect(done.output).toEqual([expect.stringMatching(`^${publicUrl}/v1/files/f_`)]);
    const again = await replicate.predictions.get(done.id);
    expect(again.output).toEqual(done.output);
  });

  it('runs an owner/name model and reads the file outputs (run)', async () => {
    const output = (await client().run('reference/ref-sync', {
      input: { prompt: 'a temple', size: '1024x1024', n: 2 },
    })) as FileOutput[];
    expect(output).toHaveLength(2);
    for (const file of output) {
      expect(String(file.url()).startsWith(`${publicUrl}/v1/files/f_`)).toBe(true);
      expect(readImageMetadata(await bytesOf(file))).toMatchObject({ width: 1024, height: 1024 });
    }
  });

  it('gets data URIs in run when it asks for them', async () => {
    const [file] = (await client('output=data-uri').run('reference/ref-sync', {
      input: { prompt: 'inline', size: '512x512' },
    })) as FileOutput[];
    expect(String(file!.url())).toMatch(/^data:image\/png;base64,/);
    expect(readImageMetadata(await bytesOf(file!))).toMatchObject({ width: 512, height: 512 });
  });

  it('cancels a prediction', async () => {
    const replicate = client('respond-async');
    const created = await replicate.predictions.create({
      model: 'reference/ref-async',
      input: { prompt: 'cancel me' },
    });
    expect(created.status).toBe('processing');
    const canceled = await replicate.predictions.cancel(created.id);
    expect(canceled.status).toBe('canceled');
  });

  it('raises the gateway error when the generation fails', async () => {
    await expect(
      client().run('reference/ref-sync', { input: { prompt: 'blocked please', size: '512x512' } }),
    ).rejects.toThrow(/status 422.*content_filtered/s);
  });

  it('is refused without the gateway key', async () => {
    const anonymous = new Replicate({
      auth: 'wrong-key-0123456789',
      baseUrl: `${publicUrl}/v1`,
      fetch: proxyFetch(),
    });
    await expect(anonymous.predictions.get('p_aaaaaaaaaaaaaaaaaaaaaaaaaa')).rejects.toThrow(
      /status 401/,
    );
  });
});
