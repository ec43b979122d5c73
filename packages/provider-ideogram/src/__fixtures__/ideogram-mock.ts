import { loadSharedSpec } from '@easel/specs';
import { parseMultipart, type Simulator, startSimulator, synthesizeImage } from '@easel/testkit';
import { multipartToObject, OpenApiValidator, type SpecViolation } from '@easel/testkit/specs';
import { MockAgent } from 'undici';

/** A request the mock received, as Ideogram would see it. */
export interface CapturedRequest {
  readonly method: string;
  /** Path, e.g. `/v1/ideogram-v3/generate`. */
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The multipart parts. */
  readonly parts: ReturnType<typeof parseMultipart>;
  /** The body as the spec sees it (repeated parts as arrays, JSON parts parsed). */
  readonly fields: Record<string, unknown>;
}

/** An answer of the mock. */
export interface MockAnswer {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const spec = new OpenApiValidator(loadSharedSpec('ideogram-v3.openapi.json'));

function headerRecord(headers: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) {
      record[String(headers[index]).toLowerCase()] = String(headers[index + 1]);
    }
  } else if (headers !== null && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) record[name.toLowerCase()] = String(value);
  }
  return record;
}

function bodyBuffer(body: unknown): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new TypeError(
    `unexpected request body ${typeof body}: keep mock requests under 64 KiB or use the simulator`,
  );
}

/**
 * A loopback file host standing in for Ideogram's image origin: `GET /<width>x<height>/<name>.png`
 * answers a real PNG of that size. Its origin differs from the mocked API's, as Ideogram's does.
 */
export async function startFileHost(): Promise<Simulator> {
  return startSimulator({
    handler: request => {
      const match = /^\/(\d+)x(\d+)\//.exec(request.path);
      if (request.method !== 'GET' || match === null) return { status: 404, body: 'not found' };
      const bytes = synthesizeImage({
        width: Number(match[1]),
        height: Number(match[2]),
        format: 'png',
        seed: request.id,
      });
      return { headers: { 'content-type': 'image/png' }, body: bytes };
    },
  });
}

/** Ideogram's answer to a request: `num_images` small images served by `files`. */
export function ideogramAnswer(
  files: Simulator,
  request: CapturedRequest,
  overrides: Array<Record<string, unknown>> = [],
): MockAnswer {
  const count = Number(request.fields.num_images ?? 1);
  const prompt = typeof request.fields.prompt === 'string' ? request.fields.prompt : '';
  return {
    body: {
      created: '2025-01-23T04:56:07+00:00',
      data: Array.from({ length: count }, (_, index) => ({
        prompt,
        resolution: '64x48',
        is_image_safe: true,
        seed: 1000 + index,
        style_type: 'GENERAL',
        url: `${files.url}/64x48/image-${index}.png?exp=1743867804&sig=abc`,
        ...overrides[index],
      })),
    },
  };
}

/**
 * An undici `MockAgent` standing in for Ideogram's API at `origin`, recording every request.
 * Pass `agent` as the provider's `dispatcher`.
 */
export function mockIdeogram(origin: string) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(origin);
  const requests: CapturedRequest[] = [];
  return {
    agent,
    requests,
    /** Answer the next `times` POSTs. */
    reply(answer: MockAnswer | ((request: CapturedRequest) => MockAnswer), times = 1): void {
      pool
        .intercept({ path: () => true, method: 'POST' })
        .reply(options => {
          const headers = headerRecord(options.headers);
          const parts = parseMultipart(bodyBuffer(options.body), headers['content-type'] ?? '');
          const request: CapturedRequest = {
            method: options.method,
            path: options.path,
            headers,
            parts,
            fields: multipartToObject(parts),
          };
          requests.push(request);
          const {
            status = 200,
            body = {},
            headers: answerHeaders = {},
          } = typeof answer === 'function' ? answer(request) : answer;
          return {
            statusCode: status,
            data: typeof body === 'string' ? body : JSON.stringify(body),
            responseOptions: { headers: { 'content-type': 'application/json', ...answerHeaders } },
          };
        })
        .times(times);
    },
    /** Every recorded request must satisfy the spec of its operation. */
    violations(): SpecViolation[] {
      return requests.flatMap(request =>
        spec.validateRequest(request.path, {
          contentType: 'multipart/form-data',
          body: request.fields,
        }),
      );
    },
    close: () => agent.close(),
  };
}
