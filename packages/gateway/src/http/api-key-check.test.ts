import { describe, expect, it } from 'vitest';
import { bearerToken, createApiKeyCheck } from './api-key-check.js';

describe('createApiKeyCheck', () => {
  const check = createApiKeyCheck(['gw-key-one-0123456789', 'gw-key-two-9876543210']);

  it('accepts each configured key as a Bearer (or Token) credential', () => {
    expect(check.enabled).toBe(true);
    const one = check.verify('Bearer gw-key-one-0123456789');
    const two = check.verify('token gw-key-two-9876543210');
    expect(one?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(two?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(one?.id).not.toBe(two?.id);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer gw-key-one-012345678',
    'Bearer gw-key-one-01234567890',
    'Basic gw-key-one-0123456789',
    'gw-key-one-0123456789',
  ])('refuses %j', header => {
    expect(check.verify(header)).toBeUndefined();
  });

  it('lets everyone in when no key is configured', () => {
    const open = createApiKeyCheck([]);
    expect(open.enabled).toBe(false);
    expect(open.verify(undefined)).toEqual({ id: 'anonymous' });
  });

  it('reads the token of a Bearer header', () => {
    expect(bearerToken('Bearer  abc ')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
  });
});
