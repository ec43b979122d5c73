import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageMetadata } from '@easel/core';
import { startOpenAISimulator } from '@easel/testkit/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { main } from './main.js';
import { collectStream } from './test-streams.js';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'easel-cli-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function run(
  argv: string[],
  options: { env?: Record<string, string>; isTTY?: boolean; signal?: AbortSignal } = {},
) {
  const stdout = collectStream();
  const stderr = collectStream({ isTTY: options.isTTY ?? false });
  const code = await main(argv, {
    env: options.env ?? {},
    stdout,
    stderr,
    cwd,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('easel', () => {
  it('prints the usage and exits 2 without a command', async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(exitCodes.usage);
    expect(stderr).toContain('Usage: easel <command>');
  });

  it('suggests the command it did not know', async () => {
    const { code, stderr } = await run(['genrate']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "genrate". Did you mean "generate"?');
  });

  it.each([
    [['--help'], 'Usage: easel <command>'],
    [['help', 'serve'], 'Usage: easel serve'],
    [['serve', '--help'], 'Usage: easel serve'],
    [['generate', '-h'], 'Usage: easel generate'],
  ])('%j prints help on stdout and exits 0', async (argv, heading) => {
    const { code, stdout } = await run(argv);
    expect(code).toBe(0);
    expect(stdout).toContain(heading);
  });
});

describe('easel generate, in process (sandbox)', () => {
  it('writes the images named after the model, and one JSON document with --json', async () => {
    const { code, stdout, stderr } = await run([
      'generate',
      '-m',
      'ideogram/V3',
      'a deer by the lake',
      '--input',
      'aspect_ratio=16:9',
      '--input',
      'seed=7',
      '-n',
      '2',
      '-o',
      'images',
      '--json',
    ]);
    expect(stderr).toContain('sandbox');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ model: 'ideogram/V3', sandbox: true, warnings: [] });
    expect(document.images).toHaveLength(2);
    const files = (await readdir(join(cwd, 'images'))).sort();
    expect(files).toEqual([`ideogram-v3-${document.id}-0.png`, `ideogram-v3-${document.id}-1.png`]);
    for (const [index, image] of document.images.entries()) {
      expect(image.path).toBe(join(cwd, 'images', files[index]!));
      const bytes = await readFile(image.path);
      expect(image.bytes).toBe(bytes.byteLength);
      const metadata = readImageMetadata(bytes)!;
      expect(image).toMatchObject({ mediaType: metadata.mediaType, width: metadata.width });
      expect(metadata.width! / metadata.height!).toBeCloseTo(16 / 9, 1);
    }
    expect(document.images[0].seed).toBe(7);
  });

  it('writes to ./out by default and lists the files on stdout', async () => {
    const { code, stdout } = await run(['generate', '-m', 'opanai/gpt-image-1', 'a red fox']);
    expect(code).toBe(0);
    const [file] = await readdir(join(cwd, 'out'));
    expect(file).toMatch(/^openai-gpt-image-1-[0-9a-f]{8}-0\.png$/);
    expect(stdout).toContain(join(cwd, 'out', file!));
    expect(stdout).toContain('1024x1024');
  });

  it('shows async progress as plain lines when stderr is not a terminal', async () => {
    const { code, stderr } = await run(['generate', '-m', 'flux-kontext-pro', 'a lighthouse']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/bfl\/flux-kontext-pro submitted job/);
    expect(stderr).toMatch(/bfl\/flux-kontext-pro pending/);
    expect(stderr).not.toContain('\r');
  });

  it('redraws one status line when stderr is a terminal', async () => {
    const { code, stderr } = await run(['generate', '-m', 'flux-kontext-pro', 'a lighthouse'], {
      isTTY: true,
    });
    expect(code).toBe(0);
    expect(stderr).toContain('\r\u001b[2K');
    expect(stderr).toMatch(/done · 1 image\(s\)/);
  });

  it('reports snapped values as warnings on stderr', async () => {
    const { code, stderr } = await run([
      'generate',
      '-m',
      'dall-e-3',
      'a fox',
      '-i',
      'size=1000x1000',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: size approximated: "1000x1000" → "1024x1024"/);
  });

  it.each([
    [['generate', 'a deer'], 'generate needs a model'],
    [['generate', '-m', 'ideogram/V3', 'a', '--input', 'novalue'], '--input expects key=value'],
    [['generate', '-m', 'ideogram/V3', 'a', '-n', 'two'], '-n must be a whole number'],
    [['generate', '-m', 'ideogram/V3', 'a', '--frobnicate'], "Unknown option '--frobnicate'"],
    [
      ['generate', '-m', 'ideogram/V3', 'a', '-i', 'rendering_sped=QUALITY'],
      'did you mean "rendering_speed"',
    ],
    [['generate', '-m', 'ideogram/V4', 'a deer'], 'Did you mean "ideogram/V3"'],
    [['generate', '-m', 'imagen-4.0-generate-preview-05-20', 'a fox'], 'most likely retired'],
    [
      ['generate', '-m', 'ideogram/V3', 'a deer', '--gateway', 'localhost:3000'],
      '--gateway must be',
    ],
  ])('%j exits 2 with one line naming the problem', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(exitCodes.usage);
    const line = stderr.split('\n').find(text => text.startsWith('easel: '));
    expect(line).toContain(message);
  });

  it('exits 2 naming a variable that cannot be used', async () => {
    const { code, stderr } = await run(['generate', '-m', 'V3', 'a'], {
      env: { EASEL_SANDBOX: 'perhaps' },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('easel: EASEL_SANDBOX must be 1 or 0');
  });

  it.each([
    ['ideogram/V3', 'easel-test:unsafe-prompt', exitCodes.contentFiltered],
    ['flux-kontext-pro', 'easel-test:request-moderated', exitCodes.contentFiltered],
    ['stability/Stable-Diffusion-3-5-Large', 'easel-test:rate-limited', exitCodes.rateLimited],
    ['flux-kontext-pro', 'easel-test:error', exitCodes.upstream],
  ])('%s with %s exits %i', async (model, prompt, expected) => {
    const { code, stderr } = await run(['generate', '-m', model, prompt, '--timeout', '30']);
    expect(code).toBe(expected);
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^easel: \S/);
  });

  it('exits 6 when the job outlasts --timeout', async () => {
    const { code, stderr } = await run([
      'generate',
      '-m',
      'flux-kontext-pro',
      'a',
      '--timeout',
      '0.2',
    ]);
    expect(code).toBe(exitCodes.timeout);
    expect(stderr).toMatch(/easel: .*(time|deadline)/i);
  });

  it('exits 7 when a live provider refuses the key', async () => {
    const simulator = await startOpenAISimulator({ apiKey: 'the-right-key' });
    try {
      const { code, stderr } = await run(['generate', '-m', 'gpt-image-1', 'a fox'], {
        env: { OPENAI_API_KEY: 'a-wrong-key', OPENAI_BASE_URL: `${simulator.url}/v1` },
      });
      expect(code).toBe(exitCodes.auth);
      expect(stderr).toContain('live (OPENAI_API_KEY)');
      expect(stderr).not.toContain('a-wrong-key');
    } finally {
      await simulator.close();
    }
  });

  it('exits 130 when interrupted, without writing files', async () => {
    const interrupt = new AbortController();
    const stderr = collectStream();
    const running = main(['generate', '-m', 'flux-kontext-pro', 'a lighthouse'], {
      env: {},
      stdout: collectStream(),
      stderr,
      cwd,
      signal: interrupt.signal,
    });
    await stderr.waitFor(/submitted job/);
    interrupt.abort();
    expect(await running).toBe(exitCodes.interrupted);
    expect(stderr.text).toContain('easel: interrupted');
    await expect(readdir(join(cwd, 'out'))).rejects.toThrow();
  });
});
