import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { curlExample } from '../curl-example.js';
import { createDemo, type Demo } from '../demo.js';
import type { CommandContext } from './command-context.js';
import { CliError, exitCodes } from './exit-codes.js';

export const serveHelp = `Usage: easel serve [--port N] [--host H]

Runs the gateway (the predictions API, OpenAI-compatible endpoints, files, metrics) with a
playground at /. Every provider whose key is set runs live; every other one answers from a local
simulator, marked "sandbox", so the whole path works offline. Ctrl+C stops it gracefully.

Options:
  -p, --port <N>   Port to listen on (0 picks a free one). Default: PORT, else 3000
      --host <H>   Address to listen on. Default: HOST, else 127.0.0.1 (0.0.0.0 for every interface)
  -h, --help       Show this help

Environment: provider keys (OPENAI_API_KEY, IDEOGRAM_API_KEY, STABILITY_API_KEY, GEMINI_API_KEY,
BFL_API_KEY, …), EASEL_SANDBOX=1, EASEL_API_KEYS, EASEL_CORS_ORIGINS, EASEL_PUBLIC_URL,
EASEL_WEBHOOK_SECRET, EASEL_TRUSTED_URL_HOSTS, EASEL_LOG_LEVEL: see the README.
`;

/** How long in-flight requests get to finish on shutdown, ms. */
const graceMs = 5000;
/** How long shutdown may take in all before `serve` gives up on it, ms. */
const shutdownDeadlineMs = 10_000;

/** `easel serve`: runs until `context.signal` fires, then closes gracefully; returns the exit code. */
export async function runServe(args: readonly string[], context: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    context.stdout.write(serveHelp);
    return exitCodes.ok;
  }
  const port = values.port === undefined ? undefined : parsePort(values.port);
  let demo: Demo;
  try {
    demo = await createDemo({ env: context.env, port, host: values.host });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new CliError(
        `cannot listen there (${code}): choose another --port or --host`,
        exitCodes.usage,
      );
    }
    throw error;
  }
  context.stdout.write(banner(demo));
  // Without a signal, it serves until the process ends.
  if (!context.signal?.aborted) await once(context.signal ?? new EventTarget(), 'abort');
  context.stderr.write('Shutting down…\n');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>(resolve => {
    timer = setTimeout(() => resolve(false), shutdownDeadlineMs).unref();
  });
  const closed = await Promise.race([demo.close({ graceMs }).then(() => true), deadline]);
  clearTimeout(timer);
  if (!closed) {
    context.stderr.write(`The demo did not stop within ${shutdownDeadlineMs / 1000} s.\n`);
    return exitCodes.unexpected;
  }
  context.stderr.write('Stopped.\n');
  return exitCodes.ok;
}

function parsePort(text: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new CliError(`--port must be 0–65535, received ${JSON.stringify(text)}`, exitCodes.usage);
  }
  return port;
}

function banner(demo: Demo): string {
  const base = demo.publicUrl.replace(/\/+$/, '');
  const width = Math.max(...demo.providers.statuses.map(status => status.id.length));
  const providers = demo.providers.statuses.map(status => {
    const name = status.id.padEnd(width);
    if (status.mode === 'live') return `  ${name}  live     ${status.credential}`;
    const why =
      status.reason === 'forced'
        ? 'EASEL_SANDBOX is on'
        : `set ${status.credentialVariables.join(' or ')} to go live`;
    return `  ${name}  sandbox  ${why}`;
  });
  return [
    `Easel is running.`,
    '',
    `  Playground  ${base}/`,
    `  API         ${base}/v1/models`,
    '',
    'Providers:',
    ...providers,
    '',
    'Try it:',
    '',
    curlExample({ baseUrl: base, authorization: demo.requiresApiKey }),
    '',
    ...(demo.requiresApiKey
      ? ['(EASEL_API_KEYS is set: export EASEL_API_KEY=<one of those keys> first.)', '']
      : []),
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}
