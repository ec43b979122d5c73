// The "Done when": every request of the seed documents (../shared/seeds), replayed verbatim
// over HTTP against the demo in sandbox mode, answers real images of the requested size and count;
// every model path the documents list answers too, or explains that the provider retired it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImageMetadata } from '@easel/core';
import { loadSeedModelPaths, loadSeedRequests, sharedSeedsDirectory } from '@easel/specs';
import { imagenRetiredModels } from '@easel/testkit/imagen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, type Demo } from './demo.js';

const requests = loadSeedRequests();
const concrete = requests.filter(request => !request.modelPath.startsWith('<'));
const template = requests.find(request => request.modelPath === '<model_path>')!;
const listedPaths = loadSeedModelPaths();

let demo: Demo;
beforeAll(async () => {
  demo = await createDemo({
    env: { EASEL_SANDBOX: '1' },
    port: 0,
    host: '127.0.0.1',
    logger: false,
    sandbox: { jobDurationMs: 200 },
  });
});
afterAll(async () => {
  await demo?.close();
});

interface Prediction {
  id: string;
  status: string;
  output: string[] | null;
  error: string | null;
  urls: { get: string };
  sandbox: boolean;
}

/** POSTs a body as the seed's curl does, and follows the prediction until it ends. */
async function replay(modelPath: string, body: unknown) {
  const response = await fetch(`${demo.url}/v1/models/${modelPath}/predictions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer sk-***' },
    body: JSON.stringify(body),
  });
  let json = (await response.json()) as Prediction & { error: unknown };
  while (response.ok && (json.status === 'starting' || json.status === 'processing')) {
    json = (await (await fetch(json.urls.get)).json()) as Prediction;
  }
  return { status: response.status, json };
}

async function images(prediction: Prediction) {
  return Promise.all(
    (prediction.output ?? []).map(async url => {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const metadata = readImageMetadata(bytes);
      expect(metadata?.width, url).toBeGreaterThan(0);
      expect(response.headers.get('content-type')).toBe(metadata!.mediaType);
      return metadata as { mediaType: string; width: number; height: number };
    }),
  );
}

/** `W:H` (or Ideogram's `WxH`) as a number. */
function ratioOf(text: string): number {
  const [width, height] = text.split(/[:x]/).map(Number);
  return width! / height!;
}

/**
 * Whether `width`×`height` has the requested ratio once each side may have been rounded to the
 * provider's pixel grid (at most 64 px among the providers here, so half of that either way).
 */
function withinGridRounding(width: number, height: number, ratio: number): boolean {
  const slack = 32 * (1 / width + 1 / height);
  return Math.abs(width / height - ratio) <= ratio * slack;
}

describe('the seed documents, replayed against the demo (sandbox)', () => {
  it('found the curl of every model path in every seed document, in both forms', () => {
    const files = readdirSync(sharedSeedsDirectory()).filter(name => name.endsWith('.txt'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    const loaded = new Set(requests.map(request => request.modelPath));
    for (const file of files) {
      const text = readFileSync(join(sharedSeedsDirectory(), file), 'utf8');
      // Every `curl https://…/v1/models/<path>/predictions`, spaces inside the URL removed.
      const paths = [...text.matchAll(/curl\s+(https?:\/\/[^\n]*?)\s*\\?\n/g)].map(
        match => /\/v1\/models\/(.+)\/predictions$/.exec(match[1]!.replace(/\s+/g, ''))?.[1],
      );
      expect(paths.length, file).toBeGreaterThanOrEqual(5);
      for (const path of paths) expect(loaded, `${file}: ${path}`).toContain(path);
    }
    expect(concrete.map(request => request.modelPath)).toEqual([
      'opanai/gpt-image-1',
      'opanai/dall-e-3',
      'ideogram/V3',
      'stability/Stable-Diffusion-3-5-Large',
      'google/imagen-3.0-generate-002',
    ]);
    expect(template.body).toEqual({ input: { prompt: 'your prompt' } });
    expect(listedPaths).toEqual(
      expect.arrayContaining([
        'imagen-4.0-ultra-generate-001',
        'FLUX.1-Kontext-pro',
        'FLUX-1.1-pro',
        'flux-kontext-max',
      ]),
    );
  });

  it.each(concrete.map(request => [request.modelPath, request.file, request.body] as const))(
    '%s (%s) answers images of the requested size and count',
    async (modelPath, _file, body) => {
      const { status, json } = await replay(modelPath, body);
      expect(status, JSON.stringify(json)).toBeLessThan(300);
      expect(json).toMatchObject({ status: 'succeeded', sandbox: true });
      const input = body.input;
      const count = input.n ?? input.numberOfImages ?? input.num_images ?? 1;
      const decoded = await images(json);
      expect(decoded).toHaveLength(count as number);
      for (const image of decoded) {
        if (typeof input.size === 'string') {
          expect(`${image.width}x${image.height}`).toBe(input.size);
        }
        if (typeof input.aspect_ratio === 'string') {
          const ratio = ratioOf(input.aspect_ratio);
          expect(
            withinGridRounding(image.width, image.height, ratio),
            `${image.width}x${image.height} for ${input.aspect_ratio}`,
          ).toBe(true);
        }
      }
    },
  );

  it.each(listedPaths)(
    '%s, with the template body, answers or explains its retirement',
    async modelPath => {
      const { status, json } = await replay(modelPath, template.body);
      const modelId = modelPath.split('/').at(-1)!;
      if (imagenRetiredModels.includes(modelId)) {
        // A JSON error naming the model and saying it was retired (410: the caller's to change).
        expect(status, JSON.stringify(json)).toBe(410);
        const { error } = json as unknown as { error: { code: string; message: string } };
        expect(error.code).toBe('model_retired');
        expect(error.message).toContain(modelId);
        expect(error.message).toMatch(/retired/);
        return;
      }
      expect(status, JSON.stringify(json)).toBeLessThan(300);
      expect(json).toMatchObject({ status: 'succeeded', sandbox: true });
      expect(await images(json)).toHaveLength(1);
    },
  );
});
