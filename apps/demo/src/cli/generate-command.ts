import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readVariable } from '../environment/index.js';
import type { CommandContext } from './command-context.js';
import { CliError, exitCodes } from './exit-codes.js';
import { generateInProcess } from './generate-in-process.js';
import { generateViaGateway } from './generate-via-gateway.js';
import { type SavedImage, saveImages } from './image-files.js';
import { parseInputAssignments } from './input-assignments.js';

export const generateHelp = `Usage: easel generate -m <model_path> "<prompt>" [options]

Generates images and writes them to disk. Runs in this process by default (each provider live
when its key is set, else against its local simulator), or on a running gateway with --gateway.

Options:
  -m, --model <path>       Model path, as in the seed documents: opanai/gpt-image-1, ideogram/V3,
                           stability/Stable-Diffusion-3-5-Large, imagen-4.0-generate-001,
                           flux-kontext-pro, … (easel serve lists them all at /v1/models)
  -i, --input <key=value>  An input field; repeatable. JSON values are parsed (seed=7, raw=true,
                           color_palette={"name":"EMBER"}), anything else is a string
                           (aspect_ratio=16:9)
  -n, --n <count>          Number of images (the input's n)
  -o, --output <dir>       Where to write the images. Default: ./out
      --json               Print one JSON document on stdout (files, sizes, seeds, warnings,
                           usage) and nothing else there
      --gateway <url>      Generate on a running gateway (default: EASEL_GATEWAY_URL)
      --api-key <key>      The gateway's API key (default: EASEL_API_KEY)
      --timeout <seconds>  Give up after this long. Default: 600
  -h, --help               Show this help

Files are named <model-slug>-<id>-<index>.<ext>, the extension from the image's own header.

Examples:
  easel generate -m ideogram/V3 "a deer by the lake" -o out/
  easel generate -m flux-kontext-pro "a lighthouse at dusk" -i aspect_ratio=16:9 -i seed=7
  easel generate -m opanai/gpt-image-1 "a red fox" -n 2 --json
  easel generate --gateway http://127.0.0.1:3000 -m imagen-4.0-generate-001 "a red fox"
`;

const defaultTimeoutSeconds = 600;

/** `easel generate`: returns the exit code. */
export async function runGenerate(
  args: readonly string[],
  context: CommandContext,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      model: { type: 'string', short: 'm' },
      input: { type: 'string', short: 'i', multiple: true },
      n: { type: 'string', short: 'n' },
      output: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
      gateway: { type: 'string' },
      'api-key': { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    context.stdout.write(generateHelp);
    return exitCodes.ok;
  }
  if (values.model === undefined || values.model.trim() === '') {
    throw new CliError(
      'generate needs a model: easel generate -m <model_path> "<prompt>" (see easel generate --help)',
      exitCodes.usage,
    );
  }
  const input = parseInputAssignments(values.input ?? []);
  if (positionals.length > 0) {
    if ('prompt' in input) {
      throw new CliError(
        'give the prompt once: as an argument or as --input prompt=…',
        exitCodes.usage,
      );
    }
    input.prompt = positionals.join(' ');
  }
  if (values.n !== undefined) input.n = positiveInteger(values.n, '-n');
  const timeoutMs =
    (values.timeout === undefined
      ? defaultTimeoutSeconds
      : positiveNumber(values.timeout, '--timeout')) * 1000;
  const gateway = values.gateway ?? readVariable(context.env, 'EASEL_GATEWAY_URL');
  const apiKey = values['api-key'] ?? readVariable(context.env, 'EASEL_API_KEY');
  const request = { model: values.model.trim(), input, timeoutMs };

  const generation =
    gateway === undefined
      ? await generateInProcess(request, context)
      : await generateViaGateway(request, { url: gateway, apiKey }, context);
  const saved = await saveImages(generation.images, {
    directory: resolve(context.cwd, values.output ?? 'out'),
    model: generation.model,
    id: generation.id,
  });

  if (values.json) {
    const document = {
      model: generation.model,
      id: generation.id,
      sandbox: generation.sandbox,
      images: saved,
      warnings: generation.warnings,
      usage: generation.usage,
    };
    context.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    for (const image of saved) context.stdout.write(`${describeSaved(image)}\n`);
  }
  for (const warning of generation.warnings) {
    context.stderr.write(`warning: ${describeWarning(warning)}\n`);
  }
  return exitCodes.ok;
}

function positiveInteger(text: string, option: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1)) {
    throw new CliError(
      `${option} must be a whole number of at least 1, received ${JSON.stringify(text)}`,
      exitCodes.usage,
    );
  }
  return value;
}

function positiveNumber(text: string, option: string): number {
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0)) {
    throw new CliError(
      `${option} must be a number of seconds above 0, received ${JSON.stringify(text)}`,
      exitCodes.usage,
    );
  }
  return value;
}

function describeSaved(image: SavedImage): string {
  const size = image.width === null ? '' : `${image.width}x${image.height}, `;
  const seed = image.seed === null ? '' : `, seed ${image.seed}`;
  return `${image.path} (${size}${formatBytes(image.bytes)}${seed})`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function describeWarning(warning: unknown): string {
  if (typeof warning !== 'object' || warning === null) return String(warning);
  const { type, feature, requested, used, message, details } = warning as Record<string, unknown>;
  if (typeof message === 'string') return message;
  const parts = [
    typeof feature === 'string' ? `${feature} ${type ?? ''}`.trim() : String(type ?? 'warning'),
  ];
  if (requested !== undefined && used !== undefined) {
    parts.push(`${JSON.stringify(requested)} → ${JSON.stringify(used)}`);
  }
  if (typeof details === 'string') parts.push(details);
  return parts.join(': ');
}
