import { describe, expect, it } from 'vitest';
import {
  postSd3,
  readError,
  sd3Form,
  sd3Path,
  testApiKey,
  useStabilitySimulator,
} from './__fixtures__/stability-client.js';
import { stabilityTestPrompts } from './stability-test-prompts.js';

const prompt = 'A lighthouse on a cliff at dusk';
const unauthorized = {
  name: 'unauthorized',
  errors: ['authorization: invalid or missing header value'],
};

describe('authentication', () => {
  const simulator = useStabilitySimulator();

  it.each([
    ['no authorization header', undefined],
    ['a wrong key', 'Bearer sk-wrong-key-0000'],
    ['an empty bearer token', 'Bearer '],
    ['another scheme', `Basic ${Buffer.from(`:${testApiKey}`).toString('base64')}`],
    ['the bare key', testApiKey],
  ])('refuses %s with 401 unauthorized', async (_case, authorization) => {
    const response = await fetch(`${simulator().url}${sd3Path}`, {
      method: 'POST',
      headers: authorization === undefined ? {} : { authorization },
      body: sd3Form({ prompt }),
    });

    expect(response.status).toBe(401);
    const error = await readError(response);
    expect(error).toMatchObject(unauthorized);
    expect(JSON.stringify(error)).not.toContain('sk-wrong-key');
  });

  it('takes the scheme in any case', async () => {
    const response = await postSd3(simulator(), sd3Form({ prompt }), {
      authorization: `bearer ${testApiKey}`,
    });

    expect(response.status).toBe(200);
  });
});

describe('client identification headers', () => {
  const simulator = useStabilitySimulator();

  it('takes each header up to 256 characters', async () => {
    const response = await postSd3(simulator(), sd3Form({ prompt }), {
      'stability-client-id': 'easel-tests',
      'stability-client-user-id': 'u'.repeat(256),
      'stability-client-version': '1.2.3',
    });

    expect(response.status).toBe(200);
    expect(simulator().requests.at(-1)?.headers['stability-client-id']).toBe('easel-tests');
  });

  it('refuses every header over 256 characters, one message each', async () => {
    const response = await postSd3(simulator(), sd3Form({ prompt }), {
      'stability-client-id': 'i'.repeat(257),
      'stability-client-version': 'v'.repeat(300),
    });

    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({
      name: 'bad_request',
      errors: [
        'stability-client-id: must be at most 256 characters, got 257',
        'stability-client-version: must be at most 256 characters, got 300',
      ],
    });
  });
});

describe('accept and client headers together', () => {
  const simulator = useStabilitySimulator();

  it('lists the accept problem first, then each long client header', async () => {
    const response = await postSd3(simulator(), sd3Form({ prompt }), {
      accept: 'image/png',
      'stability-client-user-id': 'u'.repeat(257),
    });

    expect(await readError(response)).toMatchObject({
      name: 'bad_request',
      errors: [
        'accept: must be image/* or application/json',
        'stability-client-user-id: must be at most 256 characters, got 257',
      ],
    });
  });
});

describe('request bodies', () => {
  const simulator = useStabilitySimulator();
  const multipartOnly = {
    name: 'bad_request',
    errors: ['content-type: must be multipart/form-data'],
  };

  it('refuses JSON, even a valid request written as JSON', async () => {
    const response = await postSd3(simulator(), JSON.stringify({ prompt }), {
      'content-type': 'application/json',
    });

    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject(multipartOnly);
  });

  it('refuses a urlencoded form', async () => {
    const response = await postSd3(simulator(), new URLSearchParams({ prompt }));

    expect(simulator().requests.at(-1)?.headers['content-type']).toMatch(
      /^application\/x-www-form-urlencoded/,
    );
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject(multipartOnly);
  });

  it('refuses a body without a content type', async () => {
    const response = await postSd3(simulator(), new TextEncoder().encode(`prompt=${prompt}`));

    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject(multipartOnly);
  });

  it('refuses a multipart body that does not parse', async () => {
    const response = await postSd3(simulator(), '--other\r\n\r\nprompt\r\n--other--\r\n', {
      'content-type': 'multipart/form-data; boundary=expected',
    });

    expect(response.status).toBe(400);
    const error = await readError(response);
    expect(error.name).toBe('bad_request');
    expect(error.errors).toEqual([
      'body: is not a valid multipart/form-data body (the body does not contain the boundary "expected")',
    ]);
  });

  it('takes a hand-built multipart body', async () => {
    const body = [
      '--easel-boundary',
      'Content-Disposition: form-data; name="prompt"',
      '',
      prompt,
      '--easel-boundary',
      'Content-Disposition: form-data; name="output_format"',
      '',
      'jpeg',
      '--easel-boundary--',
      '',
    ].join('\r\n');

    const response = await postSd3(simulator(), body, {
      'content-type': 'multipart/form-data; boundary=easel-boundary',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
  });

  it('refuses a body over 10 MiB with 413 payload_too_large', async () => {
    const filler = new Uint8Array(10 * 1024 * 1024);
    const form = sd3Form({ prompt }, [['image', new Blob([filler]), 'large.png']]);

    const response = await postSd3(simulator(), form);

    expect(response.status).toBe(413);
    expect(await readError(response)).toMatchObject({
      name: 'payload_too_large',
      errors: ['payloads cannot be larger than 10MiB in size'],
    });
  });
});

describe('rate limit', () => {
  const limit = { requests: 2, windowMs: 60_000, penaltyMs: 60_000 };
  const simulator = useStabilitySimulator({ apiKey: undefined, rateLimit: limit });
  const send = (key: string) =>
    postSd3(simulator(), sd3Form({ prompt }), { authorization: `Bearer ${key}` });
  const timedOut = {
    name: 'rate_limit_exceeded',
    errors: [
      'You have exceeded the rate limit of 2 requests within a 60 second period, and have been timed out for 60 seconds.',
    ],
  };

  it('refuses the request past the limit and everything after it, per key', async () => {
    const statuses = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await send('sk-first')).status);
    const other = await send('sk-second');

    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(other.status).toBe(200);
  });

  it('answers in Stability’s words, without retry-after', async () => {
    await send('sk-first');
    await send('sk-first');

    const response = await send('sk-first');

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await readError(response)).toMatchObject(timedOut);
  });

  it('counts requests it refuses for other reasons', async () => {
    const invalid = await postSd3(simulator(), sd3Form({ prompt: '' }), {
      authorization: 'Bearer sk-first',
    });
    await send('sk-first');

    expect(invalid.status).toBe(400);
    expect((await send('sk-first')).status).toBe(429);
  });

  it('does not count requests without a valid key', async () => {
    const refused = [];
    for (let index = 0; index < 3; index += 1) {
      refused.push((await postSd3(simulator(), sd3Form({ prompt }), { authorization: '' })).status);
    }

    expect(refused).toEqual([401, 401, 401]);
    expect((await send('sk-first')).status).toBe(200);
  });

  it('forgets counts and time-outs on reset', async () => {
    for (let index = 0; index < 3; index += 1) await send('sk-first');

    simulator().reset();

    expect((await send('sk-first')).status).toBe(200);
  });

  it('words the rate-limited test prompt with the configured limit, without a time-out', async () => {
    const response = await postSd3(
      simulator(),
      sd3Form({ prompt: `a crowd ${stabilityTestPrompts.rateLimited}` }),
    );

    expect(response.status).toBe(429);
    expect(await readError(response)).toMatchObject(timedOut);
    expect((await postSd3(simulator(), sd3Form({ prompt }))).status).toBe(200);
  });
});
