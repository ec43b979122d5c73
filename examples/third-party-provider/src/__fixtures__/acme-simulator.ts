/**
 * A loopback simulator of Acme Imaging, written from the protocol in `acme-api.ts` (not from the
 * adapter), on the testkit's simulator kit: it validates every request as Acme would, answers with
 * real images of the requested size and format, and takes the kit's fault injection.
 */
import {
  type Simulator,
  type SimulatorRequest,
  type SimulatorResponse,
  startSimulator,
  synthesizeImage,
} from '@easel/testkit';

/** Prompts that make the simulator answer as Acme does in special cases. */
export const acmeTestPrompts = {
  /** 422 content_policy. */
  blocked: 'acme-test:blocked',
  /** 402 insufficient_credits. */
  noCredits: 'acme-test:no-credits',
} as const;

/** Options of `startAcmeSimulator`. */
export interface AcmeSimulatorOptions {
  /** The only key accepted. Default: any non-empty key. */
  readonly apiKey?: string;
  readonly seed?: number;
}

const models = {
  'acme-1': {
    sizes: ['512x512', '1024x1024', '1536x1024', '1024x1536'],
    formats: ['png', 'jpeg', 'webp'],
    maxOutputs: 4,
    promptMaxLength: 2000,
    fields: [
      'model',
      'prompt',
      'num_outputs',
      'width',
      'height',
      'output',
      'seed',
      'avoid',
      'style',
      'reference_image',
      'reference_strength',
    ],
  },
  'acme-1-lite': {
    aspects: {
      '1:1': [1024, 1024],
      '4:3': [1152, 864],
      '3:4': [864, 1152],
      '16:9': [1344, 768],
      '9:16': [768, 1344],
    },
    formats: ['png', 'jpeg'],
    maxOutputs: 1,
    promptMaxLength: 500,
    fields: ['model', 'prompt', 'num_outputs', 'aspect', 'output', 'style'],
  },
} as const;

const styles = ['photo', 'illustration', 'watercolor', '3d-render'];
const mediaTypes = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

function fail(status: number, type: string, message: string, field?: string): SimulatorResponse {
  return { status, body: { error: { type, message, ...(field === undefined ? {} : { field }) } } };
}

function parseBody(request: SimulatorRequest): Record<string, unknown> | undefined {
  try {
    const body = request.json<unknown>();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function generate(request: SimulatorRequest, random: () => number): SimulatorResponse {
  const body = parseBody(request);
  if (body === undefined) return fail(400, 'invalid_request', 'the body must be a JSON object');
  const model = models[body.model as keyof typeof models];
  if (model === undefined) return fail(400, 'invalid_request', 'unknown model', 'model');
  const unknown = Object.keys(body).find(key => !(model.fields as readonly string[]).includes(key));
  if (unknown !== undefined)
    return fail(400, 'invalid_request', `unknown field ${unknown}`, unknown);
  const { prompt, num_outputs: count = 1, output = 'png', seed, style } = body;
  if (typeof prompt !== 'string' || prompt.length === 0 || prompt.length > model.promptMaxLength)
    return fail(
      400,
      'invalid_request',
      `prompt must be 1-${model.promptMaxLength} characters`,
      'prompt',
    );
  if (
    typeof count !== 'number' ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > model.maxOutputs
  )
    return fail(400, 'invalid_request', `num_outputs must be 1-${model.maxOutputs}`, 'num_outputs');
  if (!(model.formats as readonly unknown[]).includes(output))
    return fail(
      400,
      'invalid_request',
      `output must be one of ${model.formats.join(', ')}`,
      'output',
    );
  if (style !== undefined && !styles.includes(style as string))
    return fail(400, 'invalid_request', `style must be one of ${styles.join(', ')}`, 'style');
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0))
    return fail(400, 'invalid_request', 'seed must be a whole number ≥ 0', 'seed');
  let width: number;
  let height: number;
  if ('sizes' in model) {
    if (!(model.sizes as readonly string[]).includes(`${body.width}x${body.height}`))
      return fail(
        400,
        'invalid_request',
        `width x height must be one of ${model.sizes.join(', ')}`,
        'width',
      );
    [width, height] = [body.width as number, body.height as number];
    const reference = body.reference_image;
    if (
      reference !== undefined &&
      (typeof reference !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(reference))
    )
      return fail(400, 'invalid_request', 'reference_image must be base64', 'reference_image');
    const strength = body.reference_strength;
    if (
      strength !== undefined &&
      (reference === undefined || typeof strength !== 'number' || strength < 0 || strength > 1)
    )
      return fail(
        400,
        'invalid_request',
        'reference_strength must be 0-1, with a reference_image',
        'reference_strength',
      );
  } else {
    const aspect = model.aspects[body.aspect as keyof typeof model.aspects];
    if (aspect === undefined)
      return fail(
        400,
        'invalid_request',
        `aspect must be one of ${Object.keys(model.aspects).join(', ')}`,
        'aspect',
      );
    [width, height] = aspect;
  }
  if (prompt.includes(acmeTestPrompts.blocked))
    return fail(422, 'content_policy', 'the prompt breaks the content policy');
  if (prompt.includes(acmeTestPrompts.noCredits))
    return fail(402, 'insufficient_credits', 'the account has no credits left');
  const format = output as keyof typeof mediaTypes;
  const baseSeed = typeof seed === 'number' ? seed : Math.floor(random() * 2 ** 31);
  const outputs = Array.from({ length: count }, (_, index) => {
    const bytes = synthesizeImage({ width, height, format, seed: baseSeed + index, prompt });
    return {
      image_base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
        'base64',
      ),
      content_type: mediaTypes[format],
      width,
      height,
      seed: baseSeed + index,
    };
  });
  return {
    headers: { 'x-request-id': `acme_req_${request.id}` },
    body: { request_id: `acme_req_${request.id}`, outputs, billing: { credits: count } },
  };
}

/** Start a simulator of Acme Imaging on loopback. Point the adapter's `baseURL` at `simulator.url`. */
export function startAcmeSimulator(options: AcmeSimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    handler: (request, context) => {
      const key = request.headers['x-api-key'] ?? '';
      if (key === '' || (options.apiKey !== undefined && key !== options.apiKey))
        return fail(401, 'unauthorized', 'missing or invalid x-api-key');
      if (request.method === 'POST' && request.path === '/v1/images/generations')
        return generate(request, context.random);
      return fail(404, 'not_found', `no route for ${request.method} ${request.path}`);
    },
  });
}
