import type { FastifyRequest } from 'fastify';

/**
 * Base URL for links in answers (`urls.get`, file URLs): the `publicUrl` option when set,
 * otherwise the scheme and `Host` of the request (behind a proxy, set `publicUrl`).
 */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl;
  return `${request.protocol}://${request.host}`;
}

/** `publicUrl` without a trailing slash, checked to be an absolute http(s) URL. */
export function normalizePublicUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return undefined;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
