import { describe, expect, it } from 'vitest';
import { GatewayError } from './gateway-error.js';
import { isJsonMediaType, parseJsonBody } from './json-body.js';

function failure(text: string): GatewayError {
  try {
    parseJsonBody(Buffer.from(text));
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('parseJsonBody', () => {
  it('parses JSON and keeps the raw bytes', () => {
    const raw = Buffer.from('{"input":{"prompt":"a"}}');
    expect(parseJsonBody(raw)).toEqual({ raw, value: { input: { prompt: 'a' } } });
  });

  it.each(['{', '{"input":}', 'nope', '{"a":1}}', '\u0000'])(
    'refuses malformed JSON %j with a 400 naming the body',
    text => {
      const error = failure(text);
      expect(error.status).toBe(400);
      expect(error.code).toBe('invalid_json');
      expect(error.details).toEqual({ field: 'body' });
    },
  );

  it('refuses __proto__ keys, also when spelled with escapes', () => {
    expect(failure('{"input":{"__proto__":{"polluted":true}}}').message).toContain('__proto__');
    expect(failure('{"input":{"\\u005f_proto_\\u005f":{"polluted":true}}}').message).toContain(
      '__proto__',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseJsonBody(Buffer.from('{"prompt":"caf\\u00e9 __proto__"}')).value).toEqual({
      prompt: 'café __proto__',
    });
  });

  it('recognises JSON media types', () => {
    expect(isJsonMediaType('application/json')).toBe(true);
    expect(isJsonMediaType('application/merge-patch+json')).toBe(true);
    expect(isJsonMediaType('text/json')).toBe(false);
  });
});
