import { isIP } from 'node:net';
import { classifyAddress, classifyHostname } from '@easel/core';

/** Trusted destinations, parsed from `trustedHosts`. */
export interface TrustedWebhookHosts {
  /** Exempt origins, as `URL.origin` spells them (`http://127.0.0.1:4010`). */
  readonly origins: ReadonlySet<string>;
  /** Exempt host names on any port, lower case, IPv6 without brackets (`localhost`, `::1`). */
  readonly hostnames: ReadonlySet<string>;
}

/**
 * Parse trusted entries: an origin (`http://127.0.0.1:4010`: that scheme, host and port) or a
 * bare host name (`hooks.internal.example`, `[::1]`: any scheme and port), as
 * `EASEL_TRUSTED_URL_HOSTS` spells them. Throws `TypeError` on anything else (a path, a port
 * without a scheme, credentials).
 */
export function parseTrustedWebhookHosts(entries: readonly string[] = []): TrustedWebhookHosts {
  const origins = new Set<string>();
  const hostnames = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry.includes('://')) {
      const origin = URL.canParse(entry) ? new URL(entry).origin : 'null';
      if (origin === 'null')
        throw new TypeError(
          `Trusted webhook origin ${JSON.stringify(raw)} is not an http(s) origin`,
        );
      origins.add(origin);
      continue;
    }
    const parsed = URL.canParse(`http://${entry}`) ? new URL(`http://${entry}`) : undefined;
    if (
      parsed === undefined ||
      parsed.port !== '' ||
      parsed.pathname !== '/' ||
      /[/?#@]/.test(entry)
    ) {
      throw new TypeError(
        `Trusted webhook host ${JSON.stringify(raw)} is neither an origin (https://hooks.example.com) nor a host name (hooks.example.com)`,
      );
    }
    hostnames.add(bare(parsed.hostname));
  }
  return { origins, hostnames };
}

/**
 * Why the gateway must not POST a webhook to `url`, or `undefined` when it may try (the guarded
 * agent still checks every address the host name resolves to, at connect time). Checked without
 * DNS, so it also suits validating `webhook` when a prediction is created:
 * only `http:`/`https:`; no credentials in the URL; no IPv4 address in an odd notation
 * (`http://2130706433/`, `http://0x7f.1/`); then, unless the origin or host name is trusted,
 * https only, and neither a blocked IP literal (loopback, private, link-local, metadata…) nor a
 * blocked name (`localhost`, `*.internal`, single labels, metadata names).
 */
export function webhookUrlRefusal(url: string, trusted: TrustedWebhookHosts): string | undefined {
  if (!URL.canParse(url)) return 'not a valid absolute URL';
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `scheme "${parsed.protocol}" is not allowed`;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'credentials in the URL (user:password@) are not allowed';
  }
  if (isIP(parsed.hostname) === 4 && rawHost(url) !== parsed.hostname) {
    return 'IP address written in an unusual notation';
  }
  const hostname = bare(parsed.hostname);
  if (trusted.origins.has(parsed.origin) || trusted.hostnames.has(hostname)) return undefined;
  if (parsed.protocol === 'http:') return 'plain http is allowed for trusted hosts only';
  const verdict = isIP(hostname) === 0 ? classifyHostname(hostname) : classifyAddress(hostname);
  return verdict.allowed ? undefined : verdict.reason;
}

/** The origin of `url` (scheme, host, port), for logs: never its path or query. */
export function webhookOrigin(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).origin : undefined;
}

function bare(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

/** The host exactly as written in the URL text (lower case, no trailing dot), before the parser rewrote it. */
function rawHost(text: string): string | undefined {
  const authority = /^[a-z][a-z\d+.-]*:[/\\]*([^/\\?#]*)/i.exec(
    text.replace(/[\t\n\r]/g, '').trim(),
  )?.[1];
  if (authority === undefined) return undefined;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const colon = host.indexOf(':');
  const name = (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
