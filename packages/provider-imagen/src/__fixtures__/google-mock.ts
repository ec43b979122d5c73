import { loadSharedSpec } from '@easel/specs';
import { synthesizeImage } from '@easel/testkit';
import { JsonSchemaValidator, type SpecViolation } from '@easel/testkit/specs';
import { MockAgent } from 'undici';

/** A request the mock received, as the upstream would see it. */
export interface CapturedRequest {
  readonly method: string;
  /** Full URL: origin, path and query. */
  readonly url: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body. */
  readonly body: {
    instances: Array<{ prompt: string }>;
    parameters: Record<string, unknown> & { sampleCount?: number };
  };
}

/** An answer of the mock. */
export interface MockAnswer {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const predictSchema = new JsonSchemaValidator(loadSharedSpec('imagen-predict.schema.json'));

/** Violations of `body` against shared/specs/imagen-predict.schema.json. */
export function predictViolations(body: unknown): SpecViolation[] {
  return predictSchema.validate(body);
}

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

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array)
    return Buffer.from(body).toString('utf8');
  throw new TypeError(`unexpected request body ${typeof body}`);
}

/** A base64 image like Imagen's, small so tests stay fast. */
export function imageBase64(format: 'png' | 'jpeg', seed = 1): string {
  const bytes = synthesizeImage({ width: 64, height: 48, format, seed, prompt: 'imagen test' });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The answer Imagen gives to a request: `sampleCount` images in the requested format. */
export function predictAnswer(request: CapturedRequest, extra: Record<string, unknown> = {}) {
  const options = request.body.parameters.outputOptions as { mimeType?: string } | undefined;
  const mimeType = options?.mimeType ?? 'image/png';
  const format = mimeType === 'image/jpeg' ? 'jpeg' : 'png';
  const count = request.body.parameters.sampleCount ?? 4;
  return {
    body: {
      predictions: Array.from({ length: count }, (_, index) => ({
        bytesBase64Encoded: imageBase64(format, index + 1),
        mimeType,
        ...extra,
      })),
    },
  };
}

/**
 * An undici `MockAgent` standing in for Google at `origin`, recording every request. Pass
 * `agent` as the provider's `dispatcher`.
 */
export function mockGoogle(origin: string) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(origin);
  const requests: CapturedRequest[] = [];
  return {
    agent,
    requests,
    /** Answer the next `times` POSTs (default: the predict answer for the request). */
    reply(
      answer: MockAnswer | ((request: CapturedRequest) => MockAnswer) = predictAnswer,
      times = 1,
    ): void {
      pool
        .intercept({ path: () => true, method: 'POST' })
        .reply(options => {
          const request: CapturedRequest = {
            method: options.method,
            url: `${origin}${options.path}`,
            headers: headerRecord(options.headers),
            body: JSON.parse(bodyText(options.body)),
          };
          requests.push(request);
          const {
            status = 200,
            body = {},
            headers = {},
          } = typeof answer === 'function' ? answer(request) : answer;
          return {
            statusCode: status,
            data: typeof body === 'string' ? body : JSON.stringify(body),
            responseOptions: {
              headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
            },
          };
        })
        .times(times);
    },
    /** Every recorded body must satisfy the shared JSON Schema. */
    violations(): SpecViolation[] {
      return requests.flatMap(request => predictViolations(request.body));
    },
    close: () => agent.close(),
  };
}
