import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../errors/provider-error.js';
import { type ResponseLike, readJsonResponse } from './response-handling.js';

const imagesSchema = z.object({
  data: z.array(z.object({ b64_json: z.string(), revised_prompt: z.string().optional() })),
});
// Large enough (over 16 KiB of JSON) for the base64 value to be cut out rather than parsed.
const image = Buffer.alloc(30_000, 9).toString('base64');

function jsonResponse(text: string, withBody = true): ResponseLike & { text: () => string } {
  const body = Buffer.from(text, 'utf8');
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    url: 'https://api.example.test/v1/images/generations',
    ...(withBody ? { body } : {}),
    text: vi.fn(() => body.toString('utf8')),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('readJsonResponse', () => {
  it('with base64Fields, reads the raw body and parses only what is around the base64', () => {
    const text = JSON.stringify({ data: [{ b64_json: image, revised_prompt: 'a "deer"' }] });
    const response = jsonResponse(text);
    const parse = vi.spyOn(JSON, 'parse');
    const data = readJsonResponse(response, imagesSchema, 'test', { base64Fields: ['b64_json'] });
    const parsedLengths = parse.mock.calls.map(([source]) => source.length);
    parse.mockRestore();
    expect(data).toEqual({ data: [{ b64_json: image, revised_prompt: 'a "deer"' }] });
    expect(response.text).not.toHaveBeenCalled();
    expect(Math.max(...parsedLengths)).toBeLessThan(100);
  });

  it("with base64As: 'bytes', gives the base64 as a view of the raw body", () => {
    const text = JSON.stringify({ data: [{ b64_json: image }] });
    const response = jsonResponse(text);
    const schema = z.object({
      data: z.array(z.object({ b64_json: z.union([z.string(), z.instanceof(Uint8Array)]) })),
    });
    const data = readJsonResponse(response, schema, 'test', {
      base64Fields: ['b64_json'],
      base64As: 'bytes',
    });
    const value = data.data[0]?.b64_json;
    expect(value).toBeInstanceOf(Uint8Array);
    expect((value as Uint8Array).buffer).toBe(response.body?.buffer);
    expect(Buffer.from(value as Uint8Array).toString('latin1')).toBe(image);
  });

  it('parses the text when the response has no raw body, or no base64Fields are named', () => {
    const text = JSON.stringify({ data: [{ b64_json: image }] });
    const withoutBody = jsonResponse(text, false);
    expect(
      readJsonResponse(withoutBody, imagesSchema, 'test', { base64Fields: ['b64_json'] }),
    ).toEqual({ data: [{ b64_json: image }] });
    expect(withoutBody.text).toHaveBeenCalledTimes(1);
    const withBody = jsonResponse(text);
    expect(readJsonResponse(withBody, imagesSchema, 'test')).toEqual({
      data: [{ b64_json: image }],
    });
    expect(withBody.text).toHaveBeenCalledTimes(1);
  });

  it('turns a malformed body into a non-retryable ProviderError, with or without base64Fields', () => {
    const text = `{"data":[{"b64_json":"${image.slice(0, 100)}`;
    for (const options of [{ base64Fields: ['b64_json'] }, {}]) {
      let failure: unknown;
      try {
        readJsonResponse(jsonResponse(text), imagesSchema, 'test', options);
      } catch (error) {
        failure = error;
      }
      expect(ProviderError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({
        providerCode: 'malformed_response',
        retryable: false,
        status: 200,
        message: expect.stringContaining(`(${text.length} bytes)`),
      });
    }
  });

  it('turns an unexpected shape into a ProviderError naming the problem', () => {
    const response = jsonResponse(JSON.stringify({ data: [{ b64_json: 42 }] }));
    expect(() =>
      readJsonResponse(response, imagesSchema, 'test', { base64Fields: ['b64_json'] }),
    ).toThrow(expect.objectContaining({ providerCode: 'unexpected_response' }));
  });
});
