import { GeneratedImage } from '@easel/core';
import { synthesizeImage } from '@easel/testkit';
import { afterAll, expect, it } from 'vitest';
import { createMemoryStore } from '../store/index.js';
import { FileRepository, isFileId } from './file-repository.js';

const store = createMemoryStore();
afterAll(() => store.close());

it('stores the very Uint8Array the image holds, and reads it back unchanged', async () => {
  const png = synthesizeImage({ width: 64, height: 32, format: 'png', seed: 3, prompt: 'file' });
  const own = new Uint8Array(png);
  const image = GeneratedImage.from({ data: own });
  const files = new FileRepository(store, 60_000);
  const file = await files.put(image);
  expect(isFileId(file.id)).toBe(true);
  expect(file).toMatchObject({
    mediaType: 'image/png',
    width: 64,
    height: 32,
    byteLength: png.byteLength,
  });
  const content = await files.get(file.id);
  expect(content?.bytes).toBe(own);
});

it('copies bytes that are a small view into a larger buffer, so that they do not pin it', async () => {
  const png = synthesizeImage({ width: 16, height: 16, format: 'png', seed: 4, prompt: 'pool' });
  const shared = new Uint8Array(png.byteLength * 10);
  shared.set(png, 100);
  const view = shared.subarray(100, 100 + png.byteLength);
  const files = new FileRepository(store, 60_000);
  const file = await files.put(GeneratedImage.from({ data: view }));
  const content = await files.get(file.id);
  expect(content?.bytes).not.toBe(view);
  expect(content?.bytes.buffer.byteLength).toBe(png.byteLength);
  expect(Buffer.from(content!.bytes).equals(Buffer.from(png))).toBe(true);
});

it('reads nothing for unknown, malformed or expired ids', async () => {
  let now = 1_000_000;
  const clocked = createMemoryStore({ now: () => now });
  const files = new FileRepository(clocked, 1_000, () => now);
  const png = synthesizeImage({ width: 8, height: 8, format: 'png', seed: 1, prompt: 'x' });
  const file = await files.put(GeneratedImage.from({ data: png }));
  expect(await files.get(file.id)).toBeDefined();
  now += 1_000;
  expect(await files.get(file.id)).toBeUndefined();
  expect(await files.get('f_AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
  expect(await files.get('../etc/passwd')).toBeUndefined();
  await clocked.close();
});
