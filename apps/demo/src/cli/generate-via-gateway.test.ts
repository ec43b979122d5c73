import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageMetadata } from '@easel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, type Demo } from '../demo.js';
import { exitCodes } from './exit-codes.js';
import { generateViaGateway } from './generate-via-gateway.js';
import { main } from './main.js';
import { collectStream } from './test-streams.js';

let open: Demo;
let locked: Demo;
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'easel-gateway-cli-'));
  const options = {
    port: 0,
    host: '127.0.0.1',
    logger: false as const,
    sandbox: { jobDurationMs: 300 },
  };
  open = await createDemo({ ...options, env: { EASEL_SANDBOX: '1' } });
  locked = await createDemo({
    ...options,
    env: { EASEL_SANDBOX: '1', EASEL_API_KEYS: 'gateway-key-1' },
  });
});

afterAll(async () => {
  await Promise.all([open?.close(), locked?.close()]);
  await rm(cwd, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}, signal?: AbortSignal) {
  const stdout = collectStream();
  const stderr = collectStream();
  const code = await main(argv, { env, stdout, stderr, cwd, ...(signal ? { signal } : {}) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('easel generate --gateway', () => {
  it('creates a prediction, downloads the output and reports it as JSON', async () => {
    const { code, stdout, stderr } = await run([
      'generate',
      '--gateway',
      open.url,
      '-m',
      'FLUX.1-Kontext-pro',
      'a lighthouse',
      '-i',
      'aspect_ratio=16:9',
      '-i',
      'seed=7',
      '-n',
      '2',
      '-o',
      'via-gateway',
      '--json',
    ]);
    expect(stderr).toContain(`via the gateway at ${open.url}`);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ model: expect.stringMatching(/flux/i), sandbox: true });
    expect(document.images).toHaveLength(2);
    expect((await readdir(join(cwd, 'via-gateway'))).length).toBe(2);
    for (const image of document.images) {
      const metadata = readImageMetadata(await readFile(image.path))!;
      expect(image).toMatchObject({ mediaType: metadata.mediaType, width: metadata.width });
      // The seed the prediction reports for the image (the simulator counts up from the request's).
      expect(image.seed).toBeGreaterThanOrEqual(7);
      // Kontext renders its nearest preferred resolution (16:9 → 1392×752).
      expect(Math.abs(metadata.width! / metadata.height! / (16 / 9) - 1)).toBeLessThan(0.05);
    }
  });

  it('polls the prediction until it ends, showing its status', async () => {
    const stderr = collectStream();
    const generation = await generateViaGateway(
      { model: 'flux-kontext-pro', input: { prompt: 'a fox' }, timeoutMs: 30_000 },
      { url: open.url, waitSeconds: 0 },
      { env: {}, stdout: collectStream(), stderr, cwd },
    );
    expect(stderr.text).toMatch(/^flux-kontext-pro (starting|processing)/m);
    expect(stderr.text).toMatch(/^flux-kontext-pro succeeded in /m);
    expect(generation).toMatchObject({ model: 'bfl/flux-kontext-pro', sandbox: true });
    expect(readImageMetadata(generation.images[0]!.bytes)?.mediaType).toBe('image/png');
  });

  it('takes the gateway and its key from EASEL_GATEWAY_URL and EASEL_API_KEY', async () => {
    const { code, stdout } = await run(['generate', '-m', 'ideogram/V3', 'a deer', '-o', 'keyed'], {
      EASEL_GATEWAY_URL: locked.url,
      EASEL_API_KEY: 'gateway-key-1',
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/keyed\/ideogram-v3-\w+-0\.png \(/);
  });

  it('exits 7 when the gateway refuses the key', async () => {
    const { code, stderr } = await run(
      ['generate', '--gateway', locked.url, '-m', 'ideogram/V3', 'a deer'],
      { EASEL_API_KEY: 'wrong' },
    );
    expect(code).toBe(exitCodes.auth);
    expect(stderr).not.toContain('wrong');
  });

  it.each([
    [['-m', 'ideogram/V4', 'a deer'], exitCodes.usage, /Did you mean "ideogram\/V3"/],
    [
      ['-m', 'ideogram/V3', 'a deer', '-i', 'rendering_sped=FAST'],
      exitCodes.usage,
      /rendering_speed/,
    ],
    [['-m', 'ideogram/V3', 'easel-test:unsafe-prompt'], exitCodes.contentFiltered, /./],
    [['-m', 'flux-kontext-pro', 'easel-test:error'], exitCodes.upstream, /./],
    [['-m', 'imagen-4.0-generate-preview-05-20', 'a fox'], exitCodes.usage, /retired/],
  ])('%j exits %i', async (argv, expected, message) => {
    const { code, stderr } = await run(['generate', '--gateway', open.url, ...argv]);
    expect(code).toBe(expected);
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^easel: /);
    expect(stderr).toMatch(message);
  });

  it('exits 6 when the prediction outlasts --timeout', async () => {
    const { code, stderr } = await run([
      'generate',
      '--gateway',
      open.url,
      '-m',
      'flux-kontext-pro',
      'a fox',
      '--timeout',
      '0.1',
    ]);
    expect(code).toBe(exitCodes.timeout);
    expect(stderr).toContain('easel: no result within 0.1 s');
  });

  it('exits 5 when no gateway listens there', async () => {
    const { code, stderr } = await run([
      'generate',
      '--gateway',
      'http://127.0.0.1:9',
      '-m',
      'V3',
      'a',
    ]);
    expect(code).toBe(exitCodes.upstream);
    expect(stderr).toContain('cannot reach the gateway at http://127.0.0.1:9');
  });

  it('exits 130 when interrupted while the prediction runs', async () => {
    const interrupt = new AbortController();
    const stderr = collectStream();
    const running = main(
      ['generate', '--gateway', open.url, '-m', 'flux-kontext-max', 'a fox', '-o', 'never'],
      {
        env: {},
        stdout: collectStream(),
        stderr,
        cwd,
        signal: interrupt.signal,
      },
    );
    await stderr.waitFor(/submitting/);
    interrupt.abort();
    expect(await running).toBe(exitCodes.interrupted);
    await expect(readdir(join(cwd, 'never'))).rejects.toThrow();
  });
});
