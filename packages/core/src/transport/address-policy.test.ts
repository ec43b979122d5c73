import { describe, expect, it } from 'vitest';
import {
  type AddressRefusal,
  classifyAddress,
  classifyHostname,
  isOddIpNotation,
  resolveAllowedAddresses,
  type UrlPolicy,
  urlRefusalReason,
} from './address-policy.js';

describe('classifyAddress', () => {
  const blocked: ReadonlyArray<readonly [string, string]> = [
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['10.0.0.1', 'private (10.0.0.0/8)'],
    ['10.255.255.255', 'private (10.0.0.0/8)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['100.100.100.200', 'cloud metadata'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['172.16.0.1', 'private (172.16.0.0/12)'],
    ['172.31.255.255', 'private (172.16.0.0/12)'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.10', 'documentation'],
    ['192.88.99.1', '6to4 relay'],
    ['192.168.1.1', 'private (192.168.0.0/16)'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['100::1', 'discard-only'],
    ['2001::1', 'Teredo'],
    ['::7f00:1', 'IPv4-compatible'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped cloud metadata'],
    ['::FFFF:A9FE:A9FE', 'IPv4-mapped cloud metadata'],
    ['64:ff9b::127.0.0.1', 'NAT64 loopback'],
    ['64:ff9b::a00:1', 'NAT64 private'],
    ['64:ff9b:1::1', 'NAT64 local-use'],
    ['2002:7f00:1::1', '6to4 loopback'],
    ['2002:a9fe:a9fe::', '6to4 cloud metadata'],
    ['4000::1', 'outside global unicast'],
    ['not-an-ip', 'not an IP address'],
  ];

  it.each(blocked)('refuses %s (%s)', (address, reason) => {
    const verdict = classifyAddress(address);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed ? '' : verdict.reason).toContain(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '100.63.255.255',
    '100.128.0.0',
    '172.32.0.1',
    '2606:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('allows the public address %s', address => {
    expect(classifyAddress(address)).toEqual({ allowed: true });
  });

  it('refuses a zone index on an otherwise public IPv6 address', () => {
    expect(classifyAddress('2606:4700::1111%eth0')).toEqual({
      allowed: false,
      reason: 'scoped IPv6 address (zone index)',
    });
  });
});

describe('isOddIpNotation', () => {
  it.each([
    '2130706433',
    '0x7f000001',
    '0X7F000001',
    '017700000001',
    '127.1',
    '127.0.1',
    '0177.0.0.1',
    '0x7f.0.0.1',
    '127.0.0.01',
    '8.8.8.010',
    '0x08.8.8.8',
    '%31%32%37.0.0.1',
    '１２７.0.0.1',
  ])('flags %s', host => {
    expect(isOddIpNotation(host)).toBe(true);
  });

  it.each(['127.0.0.1', '8.8.8.8', '8.8.8.8.', 'example.com', 'cdn.bfl.ai', '[::1]', 'a1.example'])(
    'accepts %s',
    host => {
      expect(isOddIpNotation(host)).toBe(false);
    },
  );
});

describe('classifyHostname', () => {
  it.each([
    ['localhost', 'loopback host name'],
    ['LOCALHOST.', 'loopback host name'],
    ['images.localhost', 'loopback host name'],
    ['metadata', 'cloud metadata'],
    ['metadata.google.internal', 'cloud metadata'],
    ['instance-data.ec2.internal', '.internal'],
    ['intranet', 'single-label'],
  ])('refuses %s', (hostname, reason) => {
    const verdict = classifyHostname(hostname);
    expect(verdict.allowed ? '' : verdict.reason).toContain(reason);
  });

  it('allows an ordinary public name', () => {
    expect(classifyHostname('delivery-eu1.bfl.ai')).toEqual({ allowed: true });
  });
});

describe('resolveAllowedAddresses', () => {
  const table: Record<string, string[]> = {
    'public.example': ['93.184.216.34', '2606:2800:220:1::1'],
    'private.example': ['10.0.0.5'],
    'mixed.example': ['93.184.216.34', '10.0.0.1'],
    'empty.example': [],
  };
  const resolve = async (hostname: string) =>
    (table[hostname] ?? []).map(address => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('returns every answer when all are public', async () => {
    await expect(resolveAllowedAddresses('public.example', resolve)).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
  });

  it.each([
    ['private.example', 'private (10.0.0.0/8)'],
    ['mixed.example', 'private (10.0.0.0/8)'],
    ['localhost', 'loopback host name'],
    ['169.254.169.254', 'cloud metadata'],
  ])('refuses %s', async (hostname, reason) => {
    const error = (await resolveAllowedAddresses(hostname, resolve).catch(
      (caught: unknown) => caught,
    )) as AddressRefusal;
    expect(error.code).toBe('EASEL_ADDRESS_REFUSED');
    expect(error.reason).toContain(reason);
  });

  it('fails with ENOTFOUND when there is no answer', async () => {
    await expect(resolveAllowedAddresses('empty.example', resolve)).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});

describe('urlRefusalReason', () => {
  const policy: UrlPolicy = {
    allowedOrigins: new Set(['http://127.0.0.1:4010']),
    allowedHostnames: new Set(['mock.test']),
    httpsPorts: [443],
    resolve: async () => [{ address: '93.184.216.34', family: 4 }],
  };
  const reasonFor = (text: string, base?: string) => {
    const baseUrl = base === undefined ? undefined : new URL(base);
    return urlRefusalReason(text, new URL(text, baseUrl), baseUrl, policy);
  };

  it('accepts allowlisted origins and host names over http, and public https URLs', async () => {
    await expect(reasonFor('http://127.0.0.1:4010/a.png')).resolves.toBeUndefined();
    await expect(reasonFor('http://mock.test:9999/a.png')).resolves.toBeUndefined();
    await expect(reasonFor('https://cdn.example/a.png?sig=1')).resolves.toBeUndefined();
    await expect(reasonFor('https://cdn.example:443/a.png')).resolves.toBeUndefined();
  });

  it('refuses the same loopback address on a port that is not allowlisted', async () => {
    await expect(reasonFor('http://127.0.0.1:4011/a.png')).resolves.toContain('loopback');
  });

  it('refuses odd notation even when it names an allowlisted origin', async () => {
    await expect(reasonFor('http://2130706433:4010/a.png')).resolves.toContain('unusual notation');
    await expect(reasonFor('https:0x7f000001/')).resolves.toContain('unusual notation');
    await expect(reasonFor('//0x7f000001/', 'https://cdn.example/')).resolves.toContain(
      'unusual notation',
    );
  });

  it('lets a relative redirect keep the host of its base', async () => {
    await expect(reasonFor('/next.png', 'http://127.0.0.1:4010/a.png')).resolves.toBeUndefined();
  });
});
