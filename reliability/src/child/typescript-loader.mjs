// A module-customization hook (node:module `register`) that lets a child process run this
// package's TypeScript, and the workspace packages' sources (`--conditions=easel-source`), the way
// vitest does in the test process: each .ts file is transpiled on its own (type imports are
// explicit, `verbatimModuleSyntax`), and `./x.js` specifiers resolve to `./x.ts` when only that
// exists. Transpiled files are cached by content hash under node_modules/.cache, so TypeScript is
// only loaded when a source changed.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const cacheDirectory = join(packageRoot, 'node_modules', '.cache', 'typescript-loader');
const require = createRequire(import.meta.url);
let typescript;

function transpile(source, url) {
  typescript ??= require('typescript');
  const ts = typescript;
  return ts.transpileModule(source, {
    fileName: url,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      inlineSourceMap: true,
    },
  }).outputText;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTypeScript = context.parentURL?.endsWith('.ts') ?? false;
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !fromTypeScript || !specifier.endsWith('.js')) {
      throw error;
    }
    return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(new URL(url), 'utf8');
  const key = createHash('sha256').update(url).update('\0').update(source).digest('hex');
  const cached = join(cacheDirectory, `${key}.mjs`);
  let output;
  try {
    output = await readFile(cached, 'utf8');
  } catch {
    output = transpile(source, url);
    await mkdir(cacheDirectory, { recursive: true });
    await writeFile(cached, output);
  }
  return { format: 'module', source: output, shortCircuit: true };
}
