import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeImage } from '@easel/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './exit-codes.js';
import { modelSlug, saveImages } from './image-files.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'easel-files-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('modelSlug', () => {
  it.each([
    ['opanai/gpt-image-1', 'opanai-gpt-image-1'],
    ['google/imagen-4.0-generate-001', 'google-imagen-4.0-generate-001'],
    ['FLUX.1-Kontext-pro', 'flux.1-kontext-pro'],
    ['stability/Stable-Diffusion-3-5-Large', 'stability-stable-diffusion-3-5-large'],
    ['../x', 'x'],
  ])('%s → %s', (path, slug) => {
    expect(modelSlug(path)).toBe(slug);
  });
});

describe('saveImages', () => {
  it('names files by the media type the bytes carry, not the one claimed', async () => {
    const jpeg = synthesizeImage({ width: 64, height: 48, format: 'jpeg' });
    const webp = synthesizeImage({ width: 32, height: 32, format: 'webp' });
    const saved = await saveImages([{ bytes: jpeg, seed: 3 }, { bytes: webp }], {
      directory: join(directory, 'nested'),
      model: 'bfl/flux-kontext-pro',
      id: 'abc123',
    });
    expect(saved).toEqual([
      {
        path: join(directory, 'nested', 'bfl-flux-kontext-pro-abc123-0.jpg'),
        bytes: jpeg.byteLength,
        mediaType: 'image/jpeg',
        width: 64,
        height: 48,
        seed: 3,
        revisedPrompt: null,
      },
      expect.objectContaining({
        path: join(directory, 'nested', 'bfl-flux-kontext-pro-abc123-1.webp'),
      }),
    ]);
  });

  it('never overwrites a file', async () => {
    const bytes = synthesizeImage({ width: 8, height: 8, format: 'png' });
    const options = { directory, model: 'm', id: 'same' };
    await saveImages([{ bytes }], options);
    await expect(saveImages([{ bytes }], options)).rejects.toThrow(/EEXIST/);
  });

  it('refuses bytes that are not an image', async () => {
    const error = await saveImages([{ bytes: new TextEncoder().encode('<html>') }], {
      directory,
      model: 'm',
      id: 'x',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: 5 });
    expect(await readdir(directory)).toEqual([]);
  });
});
