import { validateWebhook } from 'replicate';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookId,
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookSignatureHeaders,
} from './webhook-signature.js';

/**
 * The "sign function works" vector of the Standard Webhooks reference library
 * (github.com/standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts).
 */
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const atVectorTime = () => vector.timestamp * 1000;

function vectorHeaders(overrides: Record<string, string | undefined> = {}) {
  return {
    'webhook-id': vector.id,
    'webhook-timestamp': String(vector.timestamp),
    'webhook-signature': vector.signature,
    ...overrides,
  };
}

describe('signWebhook', () => {
  it('matches the Standard Webhooks reference vector', () => {
    expect(signWebhook(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(
      vector.signature,
    );
  });

  it('accepts the secret without its whsec_ prefix', () => {
    expect(
      signWebhook(vector.secret.slice('whsec_'.length), vector.id, vector.timestamp, vector.body),
    ).toBe(vector.signature);
  });

  it('refuses a secret that is not base64', () => {
    expect(() => signWebhook('whsec_not base64!', 'msg_1', 1, '{}')).toThrow(TypeError);
    expect(() => signWebhook('whsec_', 'msg_1', 1, '{}')).toThrow(TypeError);
  });

  it('is accepted by the official Replicate client', async () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({
      id: 'p1',
      status: 'succeeded',
      output: ['https://x.test/a.png'],
    });
    const headers = webhookSignatureHeaders(secret, generateWebhookId(), 1_700_000_000, body);
    await expect(
      validateWebhook({
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        secret,
      }),
    ).resolves.toBe(true);
    await expect(
      validateWebhook({
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body: `${body} `,
        secret,
      }),
    ).resolves.toBe(false);
  });
});

describe('verifyWebhook', () => {
  it('accepts the reference vector within the tolerance', () => {
    expect(verifyWebhook(vector.secret, vectorHeaders(), vector.body, { now: atVectorTime })).toBe(
      true,
    );
  });

  it('finds a valid v1 entry among several, skipping other versions', () => {
    const signature = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      vector.signature,
    ].join(' ');
    const headers = vectorHeaders({ 'webhook-signature': signature });
    expect(verifyWebhook(vector.secret, headers, vector.body, { now: atVectorTime })).toBe(true);
  });

  it('matches header names case-insensitively', () => {
    const headers = {
      'Webhook-Id': vector.id,
      'Webhook-Timestamp': String(vector.timestamp),
      'WEBHOOK-SIGNATURE': vector.signature,
    };
    expect(verifyWebhook(vector.secret, headers, vector.body, { now: atVectorTime })).toBe(true);
  });

  it.each([
    ['a changed body', vectorHeaders(), `${vector.body} `],
    ['another id', vectorHeaders({ 'webhook-id': 'msg_other' }), vector.body],
    ['a missing id', vectorHeaders({ 'webhook-id': undefined }), vector.body],
    ['a missing signature', vectorHeaders({ 'webhook-signature': undefined }), vector.body],
    ['a non-numeric timestamp', vectorHeaders({ 'webhook-timestamp': 'hello' }), vector.body],
    ['a truncated signature', vectorHeaders({ 'webhook-signature': 'v1,g0hM9SsE' }), vector.body],
    ['an empty signature', vectorHeaders({ 'webhook-signature': 'v1,' }), vector.body],
    [
      'the right digest under another version',
      vectorHeaders({ 'webhook-signature': vector.signature.replace('v1,', 'v2,') }),
      vector.body,
    ],
  ])('rejects %s', (_name, headers, body) => {
    expect(verifyWebhook(vector.secret, headers, body, { now: atVectorTime })).toBe(false);
  });

  it('rejects another secret', () => {
    expect(
      verifyWebhook(generateWebhookSecret(), vectorHeaders(), vector.body, { now: atVectorTime }),
    ).toBe(false);
  });

  it('rejects timestamps outside the tolerance, both ways', () => {
    const at = (seconds: number) => () => (vector.timestamp + seconds) * 1000;
    const verify = (seconds: number, toleranceSeconds?: number) =>
      verifyWebhook(vector.secret, vectorHeaders(), vector.body, {
        now: at(seconds),
        ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
      });
    expect(verify(300)).toBe(true);
    expect(verify(301)).toBe(false);
    expect(verify(-300)).toBe(true);
    expect(verify(-301)).toBe(false);
    expect(verify(30, 10)).toBe(false);
  });
});

describe('generateWebhookSecret and generateWebhookId', () => {
  it('makes whsec_ secrets of 32 bytes in standard base64, each different', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('makes msg_ ids without dots, each different', () => {
    const id = generateWebhookId();
    expect(id).toMatch(/^msg_[\w-]{22}$/);
    expect(generateWebhookId()).not.toBe(id);
  });
});
