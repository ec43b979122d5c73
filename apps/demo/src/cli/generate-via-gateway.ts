import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandContext } from './command-context.js';
import { CliError, exitCodeForGatewayError, exitCodes } from './exit-codes.js';
import type { Generation, GenerationRequest } from './generation.js';
import { StatusLine } from './status-line.js';

/** How to reach a running gateway. */
export interface GatewayTarget {
  /** Its base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** A key from its `EASEL_API_KEYS`, when it wants one. */
  readonly apiKey?: string | undefined;
  /** How long the first request waits for the result before polling starts, s. Default 5. */
  readonly waitSeconds?: number;
}

/** A prediction as the gateway answers it (Replicate's shape); only the fields read here. */
interface Prediction {
  readonly id: string;
  readonly model?: string;
  readonly status: string;
  readonly output?: unknown;
  readonly error?: unknown;
  readonly error_code?: unknown;
  readonly logs?: unknown;
  readonly urls?: { readonly get?: string; readonly cancel?: string };
  readonly warnings?: unknown;
  readonly usage?: unknown;
  readonly sandbox?: unknown;
  /** Easel's per-image facts, in `output`'s order (absent from other gateways). */
  readonly images?: unknown;
}

const defaultWaitSeconds = 5;
const firstPollDelayMs = 500;
const maxPollDelayMs = 2000;

/**
 * Runs the generation on a gateway: `POST /v1/models/<path>/predictions` with `Prefer: wait`,
 * then polls `urls.get` until the prediction ends, then downloads `output`. Ctrl+C cancels the
 * prediction (best effort). The key is sent only to the gateway's own origin.
 */
export async function generateViaGateway(
  request: GenerationRequest,
  target: GatewayTarget,
  context: CommandContext,
): Promise<Generation> {
  const base = gatewayBase(target.url);
  const deadline = Date.now() + request.timeoutMs;
  const signal = combinedSignal(context.signal, request.timeoutMs);
  const client = new GatewayClient(base, target.apiKey, signal);
  const status = new StatusLine(context.stderr, request.model);
  context.stderr.write(`${request.model}: via the gateway at ${base.origin}\n`);
  status.update('submitting');
  let prediction: Prediction | undefined;
  try {
    const path = request.model.split('/').map(encodeURIComponent).join('/');
    prediction = await client.json('POST', new URL(`v1/models/${path}/predictions`, base), {
      body: { input: request.input },
      headers: {
        prefer: `wait=${Math.min(target.waitSeconds ?? defaultWaitSeconds, Math.ceil(request.timeoutMs / 1000))}`,
      },
    });
    let delayMs = firstPollDelayMs;
    while (!isTerminal(prediction.status)) {
      status.update(describePrediction(prediction));
      await sleep(Math.min(delayMs, Math.max(0, deadline - Date.now())), undefined, { signal });
      delayMs = Math.min(maxPollDelayMs, delayMs * 1.5);
      prediction = await client.json('GET', client.resolve(prediction.urls?.get, prediction.id));
    }
    status.finish(`${prediction.status} in ${status.elapsed()}`);
  } catch (error) {
    status.finish();
    if (signal.aborted && prediction !== undefined && !isTerminal(prediction.status)) {
      await client.cancel(prediction);
    }
    throw translateAbort(error, signal, context.signal, request.timeoutMs);
  }
  if (prediction.status !== 'succeeded') throw predictionFailure(prediction);
  const outputs = Array.isArray(prediction.output) ? prediction.output : [prediction.output];
  const facts = Array.isArray(prediction.images) ? (prediction.images as unknown[]) : [];
  const images = [];
  for (const [index, output] of outputs.entries()) {
    if (typeof output !== 'string') {
      throw new CliError(
        `the gateway's prediction ${prediction.id} has an output that is not a URL`,
        exitCodes.upstream,
      );
    }
    try {
      images.push({
        bytes: await client.bytes(new URL(output, base)),
        ...reportedFacts(facts[index]),
      });
    } catch (error) {
      throw translateAbort(error, signal, context.signal, request.timeoutMs);
    }
  }
  return {
    model: prediction.model ?? request.model,
    // The random end of the id (`p_…`), safe in a file name.
    id: prediction.id.replace(/[^A-Za-z0-9]/g, '').slice(-8),
    sandbox: typeof prediction.sandbox === 'boolean' ? prediction.sandbox : null,
    images,
    warnings: Array.isArray(prediction.warnings) ? prediction.warnings : [],
    usage: prediction.usage ?? null,
  };
}

/** The seed and revised prompt a prediction's `images` entry reports, when they are well-formed. */
function reportedFacts(entry: unknown): { seed?: number; revisedPrompt?: string } {
  if (typeof entry !== 'object' || entry === null) return {};
  const { seed, revised_prompt: revisedPrompt } = entry as Record<string, unknown>;
  return {
    ...(typeof seed === 'number' && Number.isSafeInteger(seed) ? { seed } : {}),
    ...(typeof revisedPrompt === 'string' ? { revisedPrompt } : {}),
  };
}

function gatewayBase(url: string): URL {
  const base = URL.canParse(url) ? new URL(url) : undefined;
  if (base === undefined || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
    throw new CliError(
      `--gateway must be the gateway's http(s) URL, such as http://127.0.0.1:3000, received ${JSON.stringify(url)}`,
      exitCodes.usage,
    );
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base;
}

function combinedSignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
}

function isTerminal(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'canceled';
}

function describePrediction(prediction: Prediction): string {
  const lastLog =
    typeof prediction.logs === 'string'
      ? prediction.logs.trim().split('\n').at(-1)?.trim()
      : undefined;
  return lastLog ? `${prediction.status}: ${lastLog}` : prediction.status;
}

function translateAbort(
  error: unknown,
  signal: AbortSignal,
  interrupt: AbortSignal | undefined,
  timeoutMs: number,
): unknown {
  if (!signal.aborted) return error;
  if (interrupt?.aborted) return new CliError('interrupted', exitCodes.interrupted);
  return new CliError(
    `no result within ${timeoutMs / 1000} s (the prediction was canceled)`,
    exitCodes.timeout,
  );
}

function predictionFailure(prediction: Prediction): CliError {
  if (prediction.status === 'canceled') {
    return new CliError(`the prediction ${prediction.id} was canceled`, exitCodes.upstream);
  }
  const message =
    typeof prediction.error === 'string' && prediction.error !== ''
      ? prediction.error
      : `the prediction ${prediction.id} failed`;
  const code = typeof prediction.error_code === 'string' ? prediction.error_code : undefined;
  return new CliError(message, exitCodeForGatewayError(code, 502));
}

/** HTTP to one gateway: JSON in and out, its error envelope mapped to exit codes. */
class GatewayClient {
  constructor(
    private readonly base: URL,
    private readonly apiKey: string | undefined,
    private readonly signal: AbortSignal,
  ) {}

  /** A URL the gateway handed out, or the prediction's own URL when it gave none. */
  resolve(url: string | undefined, id: string): URL {
    return new URL(url ?? `v1/predictions/${encodeURIComponent(id)}`, this.base);
  }

  async json(
    method: string,
    url: URL,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Prediction> {
    const response = await this.#fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) throw gatewayError(response.status, parsed, text);
    const prediction = parsed as Prediction | undefined;
    if (typeof prediction?.id !== 'string' || typeof prediction.status !== 'string') {
      throw new CliError(
        `the gateway answered ${method} ${url.pathname} with something that is not a prediction`,
        exitCodes.upstream,
      );
    }
    return prediction;
  }

  async bytes(url: URL): Promise<Uint8Array> {
    const response = await this.#fetch(url, { method: 'GET' });
    if (!response.ok) {
      const text = await response.text();
      throw gatewayError(response.status, parseJson(text), text);
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Asks the gateway to cancel, without waiting long: the user wants out. */
  async cancel(prediction: Prediction): Promise<void> {
    const url = new URL(
      prediction.urls?.cancel ?? `v1/predictions/${encodeURIComponent(prediction.id)}/cancel`,
      this.base,
    );
    await fetch(url, {
      method: 'POST',
      headers: this.#credentials(url),
      signal: AbortSignal.timeout(2000),
    }).catch(() => undefined);
  }

  async #fetch(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), ...this.#credentials(url) },
        signal: this.signal,
      });
    } catch (error) {
      if (this.signal.aborted) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `cannot reach the gateway at ${url.origin}: ${cause?.code ?? cause?.message ?? String(error)}`,
        exitCodes.upstream,
      );
    }
  }

  #credentials(url: URL): Record<string, string> {
    return this.apiKey !== undefined && url.origin === this.base.origin
      ? { authorization: `Bearer ${this.apiKey}` }
      : {};
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The gateway's error envelope, `{ error: { code, message, details } }`, as a CliError. */
function gatewayError(status: number, body: unknown, text: string): CliError {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message =
    typeof error?.message === 'string'
      ? error.message
      : `the gateway answered HTTP ${status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`;
  if (code === 'provider_error') {
    // Classified as in process: a key the provider refused is a key problem.
    const details = error?.details as { status?: unknown } | undefined;
    if (details?.status === 401 || details?.status === 403) {
      return new CliError(message, exitCodes.auth);
    }
  }
  return new CliError(message, exitCodeForGatewayError(code, status));
}
