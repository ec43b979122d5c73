// Easel quick start, fully offline: a hub in front of the reference provider, whose wire
// simulator runs on loopback. Writes the images to ./out and prints what happened.
//
//   node examples/quickstart/index.mjs                 (after a build)
//   node examples/quickstart/index.mjs "a lighthouse at dusk"
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createEasel } from '@easel/core';
import { createReference, startReferenceSimulator } from '@easel/testkit/reference';

const prompt =
  process.argv[2] ?? 'A deer drinking in the lake, Sakura petals falling, japanese temple';
const outputDirectory = resolve(process.env.EASEL_OUT ?? 'out');

const simulator = await startReferenceSimulator({ jobDurationMs: 1500 });
try {
  const reference = createReference({
    baseURL: simulator.url,
    apiKey: 'sk-sandbox-reference-key',
    downloads: { allowlist: [simulator.url] },
  });
  const easel = createEasel({ providers: [reference] });

  console.log(`Easel quick start (offline sandbox: reference simulator at ${simulator.url})\n`);
  console.log('Models:');
  for (const model of easel.models()) {
    console.log(
      `  ${model.path.padEnd(20)} ${model.capabilities.execution.padEnd(5)}  paths: ${model.paths.join(', ')}`,
    );
  }

  await mkdir(outputDirectory, { recursive: true });
  const save = async (name, result) => {
    for (const [index, image] of result.images.entries()) {
      const file = join(outputDirectory, `${name}-${index}.${image.mediaType.split('/')[1]}`);
      await writeFile(file, image.bytes);
      console.log(`  wrote ${file} (${image.width}x${image.height}, ${image.byteLength} bytes)`);
    }
    for (const warning of result.warnings) console.log(`  warning: ${JSON.stringify(warning)}`);
  };

  console.log(
    `\n1. Synchronous model: 6 images, fanned out into calls of up to 4; size snapped to a supported one:`,
  );
  const sync = await easel.generate('ref-sync', {
    prompt,
    n: 6,
    size: '1000x1000',
    output_format: 'webp',
    seed: 7,
  });
  await save('sync', sync);

  console.log('\n2. Asynchronous model, with progress, resumable job id:');
  const job = await easel.submit('reference/async', { prompt, aspect_ratio: '16:9' });
  console.log(`  submitted job ${job.id.slice(0, 40)}…`);
  const resumed = easel.resume(job.id);
  const result = await resumed.wait({
    onProgress: event => {
      if (event.type === 'pending')
        console.log(`  ${event.status} ${Math.round((event.progress ?? 0) * 100)}%`);
    },
  });
  await save('async', result);

  console.log('\n3. Bad input is a typed error that names the field:');
  try {
    await easel.generate('ref-sync', { prompt, negativ_prompt: 'blur', n: 40 });
  } catch (error) {
    console.log(`  ${error.name} (${error.code}):\n  ${error.message.replaceAll('\n', '\n  ')}`);
  }
} finally {
  await simulator.close();
}
