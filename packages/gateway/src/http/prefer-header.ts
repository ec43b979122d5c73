/** What a request's `Prefer` header asks for (RFC 7240), as far as the gateway understands it. */
export interface Preferences {
  /** `respond-async`: answer at once, without waiting for the result. */
  readonly respondAsync: boolean;
  /** `wait=N`: wait up to N seconds. `wait` alone is `undefined` here and `waitRequested` true. */
  readonly waitSeconds: number | undefined;
  /** Whether `wait` was asked for, with or without a value. */
  readonly waitRequested: boolean;
  /** `output=data-uri`: put the images in the answer as `data:` URIs instead of file URLs. */
  readonly dataUris: boolean;
}

/**
 * Parse `Prefer` (RFC 7240 §2): comma-separated preferences, each `token[=value]` with optional
 * `;` parameters, tokens case-insensitive, values optionally quoted. Preferences the gateway does
 * not know, and values it cannot use (`wait=soon`), are ignored as the RFC requires; the first
 * occurrence of a preference wins. Several `Prefer` headers are read as one list.
 */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  let respondAsync = false;
  let waitSeconds: number | undefined;
  let waitRequested = false;
  let dataUris: boolean | undefined;
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    const preference = item.split(';')[0]!.trim();
    if (preference === '') continue;
    const equals = preference.indexOf('=');
    const token = (equals === -1 ? preference : preference.slice(0, equals)).trim().toLowerCase();
    const rawValue = equals === -1 ? undefined : preference.slice(equals + 1).trim();
    const value = rawValue?.replace(/^"(.*)"$/, '$1');
    if (seen.has(token)) continue;
    seen.add(token);
    if (token === 'respond-async') respondAsync = true;
    if (token === 'wait') {
      if (value === undefined) {
        waitRequested = true;
      } else if (/^\d{1,9}$/.test(value)) {
        waitRequested = true;
        waitSeconds = Number(value);
      }
    }
    if (token === 'output' && value !== undefined) {
      const normalized = value.toLowerCase();
      if (normalized === 'data-uri' || normalized === 'data-uris') dataUris = true;
      else if (normalized === 'url' || normalized === 'urls') dataUris = false;
    }
  }
  return { respondAsync, waitSeconds, waitRequested, dataUris: dataUris ?? false };
}
