/**
 * P7: one SDK (`easel` or `ai-sdk`) in a process of its own. Each `generate` call makes one
 * generation of four 4 MiB gpt-image-1 images against the OpenAI simulator, reads every image's
 * bytes (what an application does next: write them somewhere), and reports the CPU time it took
 * (`process.cpuUsage`, garbage collection included). `memory` reports the peak RSS since the last
 * `resetPeak` and the RSS the process had once its SDK was imported (after a forced GC): their
 * difference is what generating costs in memory, garbage the SDK leaves behind included.
 *
 *   sdk-cost-main.js <easel|ai-sdk> <baseURL> <apiKey>
 */
import { serveCalls } from '../process/ipc-protocol.js';
import { collectGarbage, ownMemory, resetOwnPeak } from './own-memory.js';

const [sdk, baseURL, apiKey] = process.argv.slice(2);
if (baseURL === undefined || apiKey === undefined) {
  throw new Error('usage: sdk-cost-main.js <easel|ai-sdk> <baseURL> <apiKey>');
}
const prompt = 'A deer drinking in the lake, Sakura petals falling, japanese temple';
const imageCount = 4;

/** Makes the four images and returns their bytes. */
type Generate = () => Promise<Uint8Array[]>;

async function easelGenerate(): Promise<Generate> {
  const { createEasel } = await import('@easel/core');
  const { createOpenAI } = await import('@easel/provider-openai');
  const easel = createEasel({ providers: [createOpenAI({ apiKey, baseURL })] });
  return async () => {
    const result = await easel.generate('openai/gpt-image-1', {
      prompt,
      n: imageCount,
      size: '1024x1024',
      quality: 'low',
    });
    return result.images.map(image => image.bytes);
  };
}

async function aiSdkGenerate(): Promise<Generate> {
  const { generateImage } = await import('ai');
  const { createOpenAI } = await import('@ai-sdk/openai');
  const openai = createOpenAI({ apiKey, baseURL });
  return async () => {
    const result = await generateImage({
      model: openai.image('gpt-image-1'),
      prompt,
      n: imageCount,
      size: '1024x1024',
      providerOptions: { openai: { quality: 'low' } },
    });
    return result.images.map(image => image.uint8Array);
  };
}

const generate = sdk === 'easel' ? await easelGenerate() : await aiSdkGenerate();
collectGarbage();
const importedRssMiB = ownMemory().rssMiB;

serveCalls(
  {
    generate: async () => {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const images = await generate();
      const bytes = images.reduce((sum, image) => sum + image.byteLength, 0);
      const cpu = process.cpuUsage(cpuBefore);
      const wallMs = performance.now() - started;
      if (images.length !== imageCount) {
        throw new Error(`expected ${imageCount} images, got ${images.length}`);
      }
      return { cpuMs: (cpu.user + cpu.system) / 1_000, wallMs, bytes };
    },
    resetPeak: () => resetOwnPeak(),
    memory: () => ({ importedRssMiB, ...ownMemory() }),
  },
  { sdk },
);
