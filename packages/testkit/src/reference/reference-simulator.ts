import { synthesizeImage } from '../images/synthesize-image.js';
import type { SimulatorRequest } from '../simulator/simulator-request.js';
import type { SimulatorResponse } from '../simulator/simulator-response.js';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';
import type { SimulatorContext } from '../simulator/wire-handler.js';
import { referenceCapabilities } from './reference-options.js';

/** Options of `startReferenceSimulator`. */
export interface ReferenceSimulatorOptions {
  /** The only key accepted. Default: any non-empty bearer token. */
  readonly apiKey?: string;
  /** How long a job runs before it succeeds, ms. Default 300. */
  readonly jobDurationMs?: number;
  readonly port?: number;
  readonly seed?: number;
}

/** A running reference simulator. */
export interface ReferenceSimulator extends Simulator {
  /** Jobs submitted so far, by id. */
  readonly jobs: ReadonlyMap<string, ReferenceSimulatorJob>;
}

/** A job held by the simulator. */
export interface ReferenceSimulatorJob {
  readonly id: string;
  readonly prompt: string;
  readonly width: number;
  readonly height: number;
  readonly format: 'png' | 'webp';
  readonly createdAt: number;
  canceled: boolean;
}

type Json = SimulatorResponse['body'];

const mimeTypes = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
const syncSizes: readonly string[] = referenceCapabilities['ref-sync'].sizes.values;
const asyncRatios: readonly string[] = referenceCapabilities['ref-async'].aspectRatios.values;

function fail(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): SimulatorResponse {
  return { status, body: { error: { code, message, ...extra } } };
}

function jsonBody(request: SimulatorRequest): Record<string, unknown> | undefined {
  try {
    const body = request.json<unknown>();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function sizeForRatio(ratio: string): { width: number; height: number } {
  const [w, h] = ratio.split(':').map(Number) as [number, number];
  const height = Math.sqrt((1024 * 1024) / (w / h));
  return { width: Math.round((height * (w / h)) / 16) * 16, height: Math.round(height / 16) * 16 };
}

function isBase64Image(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    /^[A-Za-z0-9+/]+={0,2}$/.test(value.slice(0, 1024))
  );
}

/**
 * Start a simulator of the reference service (protocol in `reference-api.ts`): real PNG, JPEG and
 * WebP images of the requested size, deterministic from seed and prompt; jobs that run for
 * `jobDurationMs`; prompts containing "blocked" are moderated (on input for `/v1/images`, on output
 * for jobs).
 */
export async function startReferenceSimulator(
  options: ReferenceSimulatorOptions = {},
): Promise<ReferenceSimulator> {
  const jobs = new Map<string, ReferenceSimulatorJob>();
  const jobDurationMs = options.jobDurationMs ?? 300;
  let jobCounter = 0;

  const authorized = (request: SimulatorRequest): boolean => {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ') || header.length <= 'Bearer '.length) return false;
    return options.apiKey === undefined || header === `Bearer ${options.apiKey}`;
  };

  const generate = (request: SimulatorRequest, context: SimulatorContext): SimulatorResponse => {
    const body = jsonBody(request);
    if (body === undefined) return fail(400, 'invalid_request', 'body is not a JSON object');
    const { prompt, count = 1, width, height, format = 'png', seed, image, mask } = body;
    if (typeof prompt !== 'string' || prompt.length === 0 || prompt.length > 1000) {
      return fail(400, 'invalid_request', 'prompt must be 1-1000 characters');
    }
    if (!syncSizes.includes(`${width}x${height}`))
      return fail(400, 'invalid_request', `unsupported size ${width}x${height}`);
    if (typeof count !== 'number' || count < 1 || count > 4)
      return fail(400, 'invalid_request', 'count must be 1-4');
    if (format !== 'png' && format !== 'jpeg' && format !== 'webp')
      return fail(400, 'invalid_request', `unsupported format ${String(format)}`);
    if (image !== undefined && !isBase64Image(image))
      return fail(400, 'invalid_request', 'image must be base64');
    if (mask !== undefined && image === undefined)
      return fail(400, 'invalid_request', 'mask needs an image');
    if (prompt.includes('blocked'))
      return fail(422, 'moderated', 'the prompt was blocked', { stage: 'input' });
    const baseSeed = typeof seed === 'number' ? seed : Math.floor(context.random() * 2 ** 31);
    const images = Array.from({ length: count }, (_, index) => {
      const bytes = synthesizeImage({
        width: width as number,
        height: height as number,
        format,
        seed: baseSeed + index,
        prompt,
      });
      return {
        b64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
        mime_type: mimeTypes[format],
        width,
        height,
        seed: baseSeed + index,
      };
    });
    return { body: { id: `img_${request.id}`, images, usage: { credits: count } } as Json };
  };

  const submit = (request: SimulatorRequest, context: SimulatorContext): SimulatorResponse => {
    const body = jsonBody(request);
    if (body === undefined) return fail(400, 'invalid_request', 'body is not a JSON object');
    const { prompt, aspect_ratio = '1:1', format = 'png' } = body;
    if (typeof prompt !== 'string' || prompt.length === 0)
      return fail(400, 'invalid_request', 'prompt is required');
    if (typeof aspect_ratio !== 'string' || !asyncRatios.includes(aspect_ratio)) {
      return fail(400, 'invalid_request', `unsupported aspect_ratio ${String(aspect_ratio)}`);
    }
    if (format !== 'png' && format !== 'webp')
      return fail(400, 'invalid_request', `unsupported format ${String(format)}`);
    const id = `job_${++jobCounter}`;
    jobs.set(id, {
      id,
      prompt,
      format,
      createdAt: Date.now(),
      canceled: false,
      ...sizeForRatio(aspect_ratio),
    });
    return { status: 202, body: { id, poll_url: `${context.baseUrl}/v1/jobs/${id}` } };
  };

  const status = (job: ReferenceSimulatorJob, context: SimulatorContext): SimulatorResponse => {
    if (job.canceled)
      return {
        body: {
          id: job.id,
          status: 'failed',
          error: { code: 'canceled', message: 'the job was canceled' },
        },
      };
    const elapsed = Date.now() - job.createdAt;
    if (elapsed < jobDurationMs) {
      const progress = Math.round((elapsed / jobDurationMs) * 100) / 100;
      return { body: { id: job.id, status: progress < 0.2 ? 'queued' : 'running', progress } };
    }
    if (job.prompt.includes('blocked')) {
      return {
        body: {
          id: job.id,
          status: 'moderated',
          error: { code: 'moderated', message: 'the result was blocked', stage: 'output' },
        },
      };
    }
    return {
      body: {
        id: job.id,
        status: 'succeeded',
        progress: 1,
        result: {
          url: `${context.baseUrl}/files/${job.id}.${job.format}`,
          mime_type: mimeTypes[job.format],
          width: job.width,
          height: job.height,
        },
      },
    };
  };

  const simulator = await startSimulator({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    handler: (request, context) => {
      const file = /^\/files\/(job_\d+)\.(png|webp)$/.exec(request.path);
      if (request.method === 'GET' && file) {
        const job = jobs.get(file[1]!);
        if (!job) return fail(404, 'not_found', 'no such file');
        return {
          headers: { 'content-type': mimeTypes[job.format] },
          body: synthesizeImage({
            width: job.width,
            height: job.height,
            format: job.format,
            prompt: job.prompt,
          }),
        };
      }
      if (!authorized(request)) return fail(401, 'unauthorized', 'missing or invalid API key');
      if (request.method === 'POST' && request.path === '/v1/images')
        return generate(request, context);
      if (request.method === 'POST' && request.path === '/v1/jobs') return submit(request, context);
      const jobPath = /^\/v1\/jobs\/(job_\d+)$/.exec(request.path);
      const job = jobPath ? jobs.get(jobPath[1]!) : undefined;
      if (jobPath && !job) return fail(404, 'not_found', 'no such job');
      if (job && request.method === 'GET') return status(job, context);
      if (job && request.method === 'DELETE') {
        job.canceled = true;
        return { status: 204 };
      }
      return fail(404, 'not_found', `no route for ${request.method} ${request.path}`);
    },
  });
  return Object.assign(simulator, { jobs });
}
