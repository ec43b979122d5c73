import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayAuthorization } from './support/canary-keys.js';
import type { ErrorBody } from './support/http-client.js';
import { type OpenAIGateway, startOpenAIGateway } from './support/openai-gateway.js';
import { record } from './support/transcript.js';
import { createUpstreamLedger, type UpstreamLedger } from './support/upstream-ledger.js';

// F1: 10 000 generated bad bodies against POST /v1/models/openai/gpt-image-1/predictions, in
// process (`app.inject`). Each body carries at least one known mistake; the answer must be a 4xx
// JSON error naming where. Seeded, so every run posts the same bodies.
const runs = 10_000;
const seed = 20_260_507;
const bodyBytes = 64 * 1024;
const path = '/v1/models/openai/gpt-image-1/predictions';

let target: OpenAIGateway;
let ledger: UpstreamLedger;
let known: Set<string>;

beforeAll(async () => {
  target = await startOpenAIGateway({ source: 'F1', gateway: { limits: { bodyBytes } } });
  ledger = createUpstreamLedger(target.simulator);
  const model = await target.client.call<{ input_schema: { properties: Record<string, unknown> } }>(
    `${target.url}/v1/models/openai/gpt-image-1`,
  );
  known = new Set(Object.keys(model.body.input_schema.properties));
});

afterAll(() => target?.close());

/** A body, and where its mistakes are: dotted paths (`input.n`), or `body` for the whole. */
interface BadBody {
  readonly raw: string;
  readonly at: readonly string[];
}

const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
const notAnInteger = fc.oneof(
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const outside = (min: number, max: number) =>
  fc.oneof(fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 }), notAnInteger);
const notIn = (values: readonly string[]) =>
  fc.oneof(
    fc.string({ maxLength: 12 }).filter(text => !values.includes(text)),
    notAString,
  );
const notABoolean = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
  fc.array(fc.boolean(), { maxLength: 2 }),
);

/** Wrong values per field of the model's input. */
const badFields: Record<string, fc.Arbitrary<unknown>> = {
  prompt: fc.oneof(notAString, fc.constant(''), fc.constant('x'.repeat(32_001))),
  n: outside(1, 16),
  size: fc.oneof(
    fc
      .string({ maxLength: 12 })
      .filter(size => size !== 'auto' && !/^[1-9]\d{0,4}x[1-9]\d{0,4}$/.test(size)),
    notAString,
  ),
  aspect_ratio: notAString,
  seed: fc.oneof(
    fc.integer({ max: -1 }),
    fc.double({ min: 4_294_967_296, noNaN: true, noDefaultInfinity: true }),
    notAnInteger,
  ),
  negative_prompt: notAString,
  output_format: notIn(['png', 'jpeg', 'jpg', 'webp']),
  quality: notIn(['low', 'medium', 'high', 'auto']),
  moderation: notIn(['low', 'auto']),
  background: notIn(['transparent', 'opaque', 'auto']),
  output_compression: outside(0, 100),
  stream: notABoolean,
  partial_images: outside(0, 3),
  response_format: notIn(['b64_json', 'url']),
  user: notAString,
  image: fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 1 }),
  ),
  images: fc.oneof(
    fc.constant([]),
    fc.integer(),
    fc.string({ maxLength: 6 }).map(text => ({ url: text })),
    fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)), {
      minLength: 1,
      maxLength: 3,
    }),
  ),
  mask: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 })),
};

/** Field names the model does not know, the prototype's own names among them. */
const unknownKey = () =>
  fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
      fc.string({ minLength: 1, maxLength: 14 }),
    )
    .filter(key => !known.has(key));

function badBodies(): fc.Arbitrary<BadBody> {
  const fieldNames = Object.keys(badFields);
  const badInput = fc
    .tuple(
      fc.subarray(fieldNames, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      unknownKey(),
      fc.jsonValue({ maxDepth: 1 }),
    )
    .chain(([fields, withUnknown, key, value]) =>
      fc.record(Object.fromEntries(fields.map(field => [field, badFields[field]!]))).map(values => {
        const input: Record<string, unknown> = { prompt: 'a lighthouse', ...values };
        // defineProperty: `input.__proto__ = value` would set the prototype, not a field.
        if (withUnknown) Object.defineProperty(input, key, { value, enumerable: true });
        const fieldPaths = fields.map(field => `input.${field}`);
        // A `__proto__` key is refused while parsing, before any field is checked.
        const at = !withUnknown
          ? fieldPaths
          : key === '__proto__'
            ? [`input.${key}`]
            : [...fieldPaths, `input.${key}`];
        return { raw: JSON.stringify({ input }), at };
      }),
    );
  const notJson: fc.Arbitrary<BadBody> = fc
    .string({ maxLength: 200 })
    .filter(text => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    })
    .map(raw => ({ raw, at: ['body'] }));
  const notAnObject: fc.Arbitrary<BadBody> = fc
    .oneof(
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    )
    .map(value => ({ raw: JSON.stringify(value), at: ['body'] }));
  const withoutInput: fc.Arbitrary<BadBody> = fc
    .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
    .filter(body => !('input' in body))
    .map(body => ({ raw: JSON.stringify(body), at: ['input'] }));
  const inputNotAnObject: fc.Arbitrary<BadBody> = fc
    .oneof(
      fc.string(),
      fc.integer(),
      fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
      fc.constant(null),
    )
    .map(input => ({ raw: JSON.stringify({ input }), at: ['input'] }));
  const unknownTopLevel: fc.Arbitrary<BadBody> = fc
    .tuple(
      unknownKey().filter(key => !['input', 'webhook', 'webhook_events_filter'].includes(key)),
      fc.jsonValue({ maxDepth: 1 }),
    )
    .map(([key, value]) => ({
      raw: JSON.stringify({ input: { prompt: 'a lighthouse' }, [key]: value }),
      at: [key],
    }));
  const badWebhook: fc.Arbitrary<BadBody> = fc
    .oneof(
      fc.constant('ftp://example.com/hook'),
      fc.constant('not a url'),
      fc.integer(),
      fc.constant('http://example.com/hook'),
    )
    .map(webhook => ({
      raw: JSON.stringify({ input: { prompt: 'a lighthouse' }, webhook }),
      at: ['webhook'],
    }));
  const tooLarge: fc.Arbitrary<BadBody> = fc
    .integer({ min: bodyBytes + 1, max: bodyBytes * 2 })
    .map(size => ({ raw: JSON.stringify({ input: { prompt: 'x'.repeat(size) } }), at: [] }));
  return fc.oneof(
    { arbitrary: badInput, weight: 8 },
    { arbitrary: notJson, weight: 1 },
    { arbitrary: notAnObject, weight: 1 },
    { arbitrary: withoutInput, weight: 1 },
    { arbitrary: inputNotAnObject, weight: 1 },
    { arbitrary: unknownTopLevel, weight: 1 },
    { arbitrary: badWebhook, weight: 1 },
    { arbitrary: tooLarge, weight: 1 },
  );
}

describe('F1: generated bad bodies', () => {
  it(`answers ${runs} of them with a 4xx JSON error naming the field, never a 5xx`, async () => {
    const statuses = new Map<number, number>();
    let transcript = '';
    await fc.assert(
      fc.asyncProperty(badBodies(), async ({ raw, at }) => {
        const response = await target.gateway.app.inject({
          method: 'POST',
          url: path,
          headers: { ...gatewayAuthorization, 'content-type': 'application/json' },
          payload: raw,
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        transcript += `${response.statusCode} ${response.body}\n`;
        if (transcript.length > 1_000_000) {
          record('response', 'F1', transcript);
          transcript = '';
        }
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        const body = response.json<ErrorBody>();
        expect(body.error.code).toEqual(expect.any(String));
        expect(body.error.message.length).toBeGreaterThan(0);
        if (at.length === 0) {
          expect(body.error.code).toBe('body_too_large');
          return;
        }
        const named = [
          ...(body.error.details?.field === 'body' ? ['body'] : []),
          ...((body.error.details?.issues ?? []) as Array<{ path: Array<string | number> }>).map(
            issue => issue.path.join('.'),
          ),
        ];
        // A `__proto__` key is refused while parsing, named by `details.key` (not a path).
        const key = body.error.details?.key;
        for (const where of at) {
          expect(
            named.some(name => name === where || name.startsWith(`${where}.`)) ||
              (typeof key === 'string' && where.split('.').at(-1) === key),
            `${where} not named in ${JSON.stringify(named)} for ${raw.slice(0, 200)}`,
          ).toBe(true);
        }
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    record('response', 'F1', transcript);
    console.info(
      `F1: ${runs} bad bodies, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect([...statuses.keys()].every(status => status >= 400 && status < 500)).toBe(true);
  });

  it('sent nothing upstream, and the gateway is still up', async () => {
    expect(ledger.attempts).toHaveLength(0);
    const health = await target.client.call(`${target.url}/healthz`, { authorized: false });
    expect(health.status).toBe(200);
  });
});
