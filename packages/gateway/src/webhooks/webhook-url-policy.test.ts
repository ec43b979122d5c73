import { describe, expect, it } from 'vitest';
import {
  parseTrustedWebhookHosts,
  webhookOrigin,
  webhookUrlRefusal,
} from './webhook-url-policy.js';

const nobody = parseTrustedWebhookHosts([]);

describe('webhookUrlRefusal', () => {
  it.each([
    'https://hooks.example.com/replicate?token=abc',
    'https://hooks.example.com:8443/hook',
    'https://93.184.216.34/hook',
    'https://[2606:4700::1111]/hook',
  ])('allows %s', url => {
    expect(webhookUrlRefusal(url, nobody)).toBeUndefined();
  });

  it.each([
    ['not a url', 'not a valid absolute URL'],
    ['ftp://hooks.example.com/x', 'scheme "ftp:" is not allowed'],
    ['https://user:pass@hooks.example.com/', 'credentials in the URL'],
    ['http://hooks.example.com/hook', 'plain http is allowed for trusted hosts only'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://10.1.2.3/hook', 'private (10.0.0.0/8)'],
    ['https://169.254.169.254/latest/meta-data', 'cloud metadata endpoint'],
    ['https://[::1]/hook', 'loopback (::1)'],
    ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
    ['https://localhost/hook', 'loopback host name'],
    ['https://metadata.google.internal/', 'cloud metadata host'],
    ['https://intranet/hook', 'single-label host name'],
    ['https://2130706433/hook', 'unusual notation'],
    ['https://0x7f.0.0.1/hook', 'unusual notation'],
    ['https://127.1/hook', 'unusual notation'],
  ])('refuses %s', (url, reason) => {
    expect(webhookUrlRefusal(url, nobody)).toContain(reason);
  });

  it('lets trusted origins and host names through, over http too', () => {
    const trusted = parseTrustedWebhookHosts(['http://127.0.0.1:4010', 'hooks.test', '[::1]']);
    expect(webhookUrlRefusal('http://127.0.0.1:4010/hook', trusted)).toBeUndefined();
    expect(webhookUrlRefusal('http://127.0.0.1:4011/hook', trusted)).toContain('plain http');
    expect(webhookUrlRefusal('https://127.0.0.1:4010/hook', trusted)).toContain('loopback');
    expect(webhookUrlRefusal('http://hooks.test:9999/hook', trusted)).toBeUndefined();
    expect(webhookUrlRefusal('http://[::1]:9999/hook', trusted)).toBeUndefined();
  });

  it('refuses odd IP notation even for a trusted origin', () => {
    const trusted = parseTrustedWebhookHosts(['http://127.0.0.1:4010']);
    expect(webhookUrlRefusal('http://2130706433:4010/hook', trusted)).toContain('unusual');
  });
});

describe('parseTrustedWebhookHosts', () => {
  it('splits origins from host names', () => {
    const trusted = parseTrustedWebhookHosts([
      'https://hooks.example.com:443',
      'Files.Example.com',
    ]);
    expect([...trusted.origins]).toEqual(['https://hooks.example.com']);
    expect([...trusted.hostnames]).toEqual(['files.example.com']);
  });

  it.each(['hooks.example.com:8080', 'hooks.example.com/path', 'https://', 'a@b.example'])(
    'refuses %s',
    entry => {
      expect(() => parseTrustedWebhookHosts([entry])).toThrow(TypeError);
    },
  );
});

describe('webhookOrigin', () => {
  it('keeps scheme, host and port only', () => {
    expect(webhookOrigin('https://hooks.example.com:8443/a?token=secret')).toBe(
      'https://hooks.example.com:8443',
    );
    expect(webhookOrigin('nope')).toBeUndefined();
  });
});
