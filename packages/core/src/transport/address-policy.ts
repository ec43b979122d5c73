import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, isIPv4 } from 'node:net';

/** Verdict on an address or host name: allowed, or refused with the range or rule that matched. */
export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

interface AddressRule {
  readonly reason: string;
  readonly list: BlockList;
}

function rule(
  reason: string,
  family: 'ipv4' | 'ipv6',
  network: string,
  prefix: number,
): AddressRule {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { reason, list };
}

/** Checked in order: the more specific ranges (metadata endpoints) come before their parents. */
const ipv4Rules: readonly AddressRule[] = [
  rule('cloud metadata endpoint (169.254.169.254)', 'ipv4', '169.254.169.254', 32),
  rule('cloud metadata endpoint (100.100.100.200, Alibaba)', 'ipv4', '100.100.100.200', 32),
  rule('unspecified, "this network" (0.0.0.0/8)', 'ipv4', '0.0.0.0', 8),
  rule('private (10.0.0.0/8)', 'ipv4', '10.0.0.0', 8),
  rule('carrier-grade NAT (100.64.0.0/10)', 'ipv4', '100.64.0.0', 10),
  rule('loopback (127.0.0.0/8)', 'ipv4', '127.0.0.0', 8),
  rule('link-local (169.254.0.0/16)', 'ipv4', '169.254.0.0', 16),
  rule('private (172.16.0.0/12)', 'ipv4', '172.16.0.0', 12),
  rule('reserved, IETF protocol assignments (192.0.0.0/24)', 'ipv4', '192.0.0.0', 24),
  rule('reserved, documentation (192.0.2.0/24)', 'ipv4', '192.0.2.0', 24),
  rule('reserved, 6to4 relay anycast (192.88.99.0/24)', 'ipv4', '192.88.99.0', 24),
  rule('private (192.168.0.0/16)', 'ipv4', '192.168.0.0', 16),
  rule('reserved, benchmarking (198.18.0.0/15)', 'ipv4', '198.18.0.0', 15),
  rule('reserved, documentation (198.51.100.0/24)', 'ipv4', '198.51.100.0', 24),
  rule('reserved, documentation (203.0.113.0/24)', 'ipv4', '203.0.113.0', 24),
  rule('multicast (224.0.0.0/4)', 'ipv4', '224.0.0.0', 4),
  rule('reserved (240.0.0.0/4, includes broadcast)', 'ipv4', '240.0.0.0', 4),
];

/**
 * IPv6 ranges outside the three that embed an IPv4 address (`::ffff:0:0/96`, `64:ff9b::/96`,
 * `2002::/16`), which are classified by that address instead. The last three rules refuse
 * everything outside the global unicast range `2000::/3`.
 */
const ipv6Rules: readonly AddressRule[] = [
  rule('unspecified (::)', 'ipv6', '::', 128),
  rule('loopback (::1)', 'ipv6', '::1', 128),
  rule('cloud metadata endpoint (fd00:ec2::254, AWS)', 'ipv6', 'fd00:ec2::254', 128),
  rule('reserved, NAT64 local-use (64:ff9b:1::/48)', 'ipv6', '64:ff9b:1::', 48),
  rule('reserved, IPv4-compatible (::/96)', 'ipv6', '::', 96),
  rule('reserved, discard-only (100::/64)', 'ipv6', '100::', 64),
  rule('reserved, Teredo (2001::/32)', 'ipv6', '2001::', 32),
  rule('reserved, documentation (2001:db8::/32)', 'ipv6', '2001:db8::', 32),
  rule('private, unique local (fc00::/7)', 'ipv6', 'fc00::', 7),
  rule('link-local (fe80::/10)', 'ipv6', 'fe80::', 10),
  rule('reserved, site-local (fec0::/10)', 'ipv6', 'fec0::', 10),
  rule('multicast (ff00::/8)', 'ipv6', 'ff00::', 8),
  rule('reserved, outside global unicast (::/3)', 'ipv6', '::', 3),
  rule('reserved, outside global unicast (4000::/2)', 'ipv6', '4000::', 2),
  rule('reserved, outside global unicast (8000::/1)', 'ipv6', '8000::', 1),
];

/**
 * Decide whether a server-side download may connect to `address`, an IPv4 or IPv6 literal
 * (brackets and a `%zone` suffix are accepted). Refused: loopback, private, carrier-grade NAT,
 * link-local, cloud metadata endpoints, multicast, documentation, benchmarking and every other
 * reserved range. IPv4-mapped (`::ffff:127.0.0.1`, `::ffff:7f00:1`), NAT64 (`64:ff9b::/96`) and
 * 6to4 (`2002::/16`) addresses are judged by the IPv4 address they embed.
 *
 * @example classifyAddress('169.254.169.254') // { allowed: false, reason: 'cloud metadata endpoint (169.254.169.254)' }
 */
export function classifyAddress(address: string): AddressVerdict {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const zoneIndex = bare.indexOf('%');
  const unscoped = zoneIndex === -1 ? bare : bare.slice(0, zoneIndex);
  const family = isIP(unscoped);
  if (family === 4) return classifyIpv4(unscoped);
  if (family !== 6) return { allowed: false, reason: 'not an IP address' };
  const verdict = classifyIpv6(unscoped);
  if (verdict.allowed && zoneIndex !== -1) {
    return { allowed: false, reason: 'scoped IPv6 address (zone index)' };
  }
  return verdict;
}

function classifyIpv4(address: string): AddressVerdict {
  for (const { reason, list } of ipv4Rules) {
    if (list.check(address, 'ipv4')) return { allowed: false, reason };
  }
  return { allowed: true };
}

function classifyIpv6(address: string): AddressVerdict {
  const groups = ipv6Groups(address);
  const embedded = embeddedIpv4(groups);
  if (embedded !== undefined) {
    const verdict = classifyIpv4(embedded.address);
    return verdict.allowed
      ? verdict
      : { allowed: false, reason: `${embedded.kind} ${verdict.reason}` };
  }
  for (const { reason, list } of ipv6Rules) {
    if (list.check(address, 'ipv6')) return { allowed: false, reason };
  }
  return { allowed: true };
}

function embeddedIpv4(
  groups: readonly number[],
): { kind: 'IPv4-mapped' | 'NAT64' | '6to4'; address: string } | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return { kind: 'IPv4-mapped', address: ipv4FromGroups(g6, g7) };
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return { kind: 'NAT64', address: ipv4FromGroups(g6, g7) };
  }
  if (g0 === 0x2002) return { kind: '6to4', address: ipv4FromGroups(g1, g2) };
  return undefined;
}

function ipv4FromGroups(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit groups of an IPv6 address already validated by `net.isIP`. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map(group =>
    Number.parseInt(group, 16),
  );
}

/**
 * Whether `host`, as written in a URL before any parsing, is an IPv4 address in a form other than
 * the plain dotted quad: one number (`2130706433`, `0x7f000001`), fewer than four parts
 * (`127.1`), parts with a leading zero or an octal/hex prefix (`0177.0.0.1`, `0x7f.0.0.1`), or
 * percent-encoded / full-width digits. The WHATWG URL parser silently rewrites all of these to a
 * dotted quad, so the raw text must be inspected; such hosts are refused even when they would
 * map to a public address. IPv6 literals (`[...]`) and ordinary names return `false`.
 */
export function isOddIpNotation(host: string): boolean {
  if (host.startsWith('[')) return false;
  const bare = (host.endsWith('.') ? host.slice(0, -1) : host).toLowerCase();
  if (isIPv4(bare)) return false;
  const lastLabel = bare.slice(bare.lastIndexOf('.') + 1);
  if (/^(\d+|0x[\da-f]*)$/.test(lastLabel)) return true;
  if (/[\s/\\?#@:[\]]/.test(host)) return false;
  try {
    return isIPv4(new URL(`http://${host}/`).hostname);
  } catch {
    return false;
  }
}

const metadataHostnames = new Set(['metadata', 'metadata.google.internal', 'metadata.goog']);

/**
 * Decide whether a host name (not an IP literal; lower case, as the URL parser gives it) may be
 * looked up at all. Refused by name, before any DNS query: `localhost` and `*.localhost`, the
 * cloud metadata names (`metadata`, `metadata.google.internal`, `metadata.goog`), the private-use
 * `*.internal` domain, and single-label names, which resolvers complete with local search domains.
 */
export function classifyHostname(hostname: string): AddressVerdict {
  const name = (hostname.endsWith('.') ? hostname.slice(0, -1) : hostname).toLowerCase();
  if (metadataHostnames.has(name)) {
    return { allowed: false, reason: `cloud metadata host "${name}"` };
  }
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return { allowed: false, reason: `loopback host name "${name}"` };
  }
  if (name.endsWith('.internal')) {
    return { allowed: false, reason: `private-use host name "${name}" (.internal)` };
  }
  if (!name.includes('.')) return { allowed: false, reason: `single-label host name "${name}"` };
  return { allowed: true };
}

/** One address a host name resolves to; `family` is 4 or 6. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to all of its addresses. Injectable so tests never touch real DNS. */
export type HostResolver = (hostname: string) => Promise<ReadonlyArray<ResolvedAddress>>;

/** The default resolver: `dns.lookup(hostname, { all: true, verbatim: true })` (honours /etc/hosts). */
export const defaultHostResolver: HostResolver = hostname =>
  dnsLookup(hostname, { all: true, verbatim: true });

/** `code` of the error raised when a host is refused because of its name or its addresses. */
export const addressRefusedCode = 'EASEL_ADDRESS_REFUSED';

/** The error raised when a host is refused: a plain `Error` with `code` and `reason`. */
export type AddressRefusal = Error & { code: typeof addressRefusedCode; reason: string };

/** The refusal raised by `resolveAllowedAddresses`, found in `error` or its `cause`. */
export function addressRefusalOf(error: unknown): AddressRefusal | undefined {
  for (const candidate of [error, (error as { cause?: unknown } | null | undefined)?.cause]) {
    if (
      candidate instanceof Error &&
      (candidate as { code?: unknown }).code === addressRefusedCode
    ) {
      return candidate as AddressRefusal;
    }
  }
  return undefined;
}

function refusal(hostname: string, reason: string): AddressRefusal {
  return Object.assign(new Error(`Connection to "${hostname}" refused: ${reason}`), {
    code: addressRefusedCode,
    reason,
  }) as AddressRefusal;
}

/**
 * Resolve `hostname` and check every answer. Refused (an `AddressRefusal` error) when the name is
 * refused by `classifyHostname` or when ANY answer is a blocked address: a mix of public and
 * private answers is a DNS rebinding trick. IP literals are classified without a lookup.
 * Returns exactly the addresses that were checked, so a caller can connect to nothing else.
 */
export async function resolveAllowedAddresses(
  hostname: string,
  resolve: HostResolver = defaultHostResolver,
): Promise<ResolvedAddress[]> {
  const family = isIP(hostname);
  if (family !== 0) {
    const verdict = classifyAddress(hostname);
    if (!verdict.allowed) throw refusal(hostname, verdict.reason);
    return [{ address: hostname, family }];
  }
  const nameVerdict = classifyHostname(hostname);
  if (!nameVerdict.allowed) throw refusal(hostname, nameVerdict.reason);
  const addresses = await resolve(hostname);
  if (addresses.length === 0) {
    throw Object.assign(new Error(`No addresses found for "${hostname}"`), { code: 'ENOTFOUND' });
  }
  for (const { address } of addresses) {
    const verdict = classifyAddress(address);
    if (!verdict.allowed) {
      throw refusal(hostname, `resolves to a blocked address: ${verdict.reason}`);
    }
  }
  return addresses.map(({ address, family }) => ({ address, family }));
}

/** What a URL is checked against besides the fixed rules. */
export interface UrlPolicy {
  /** Exempt origins, as `URL.origin` spells them (`http://127.0.0.1:4010`). */
  readonly allowedOrigins: ReadonlySet<string>;
  /** Exempt host names, as `URL.hostname` spells them (`localhost`, `[::1]`), on any port. */
  readonly allowedHostnames: ReadonlySet<string>;
  /** Ports accepted for https URLs outside the allowlist. */
  readonly httpsPorts: readonly number[];
  /** Resolver for host names outside the allowlist. */
  readonly resolve: HostResolver;
}

/**
 * Why a server-side download must not fetch `url` (parsed from `text`, relative to `base` for a
 * redirect), or `undefined` when it may. In order: only `http:`/`https:`; no userinfo; no odd
 * IP notation in the raw text (even for allowlisted origins); then, outside the allowlist, the
 * IP literal or host name rules, https only, an accepted port, and every resolved address.
 * Resolver failures (e.g. `ENOTFOUND`) are thrown, not returned.
 */
export async function urlRefusalReason(
  text: string,
  url: URL,
  base: URL | undefined,
  policy: UrlPolicy,
): Promise<string | undefined> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `scheme "${url.protocol}" is not allowed`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'credentials in the URL (user:password@) are not allowed';
  }
  if (writtenOddly(text, url, base)) return 'IP address written in an unusual notation';
  if (policy.allowedOrigins.has(url.origin) || policy.allowedHostnames.has(url.hostname)) {
    return undefined;
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = isIP(hostname) !== 0;
  const verdict = literal ? classifyAddress(hostname) : classifyHostname(hostname);
  if (!verdict.allowed) return verdict.reason;
  if (url.protocol === 'http:') return 'plain http is allowed for allowlisted origins only';
  const port = url.port === '' ? 443 : Number(url.port);
  if (!policy.httpsPorts.includes(port)) return `port ${port} is not allowed`;
  if (literal) return undefined;
  try {
    await resolveAllowedAddresses(hostname, policy.resolve);
    return undefined;
  } catch (error) {
    const refusal = addressRefusalOf(error);
    if (refusal === undefined) throw error;
    return refusal.reason;
  }
}

/**
 * The URL parser turns `http://2130706433/`, `http://0x7f.1/` or `http://%31%32%37.0.0.1/` into
 * `127.0.0.1`, so an IPv4 host is accepted only when the raw text spells that same dotted quad.
 * A reference without an authority (a relative redirect) keeps the already-checked host of its base.
 */
function writtenOddly(text: string, url: URL, base: URL | undefined): boolean {
  if (isIP(url.hostname) !== 4) return false;
  const host = rawHost(text);
  if (host === undefined) return url.hostname !== base?.hostname;
  const bare = (host.endsWith('.') ? host.slice(0, -1) : host).toLowerCase();
  return isOddIpNotation(host) || bare !== url.hostname;
}

function rawHost(text: string): string | undefined {
  const cleaned = text.replace(/[\t\n\r]/g, '').trim();
  const authority =
    /^[a-z][a-z\d+.-]*:[/\\]*([^/\\?#]*)/i.exec(cleaned)?.[1] ??
    /^[/\\]{2}([^/\\?#]*)/.exec(cleaned)?.[1];
  if (authority === undefined) return undefined;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
