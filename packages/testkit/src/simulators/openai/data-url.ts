/** A decoded `data:` URL. */
export interface DataUrl {
  /** Lower-case media type without parameters, e.g. `image/png`. */
  readonly mediaType: string;
  readonly bytes: Buffer;
}

const dataUrlPattern = /^data:([^;,]*)((?:;[^;,]*)*);base64,([A-Za-z0-9+/\s]*={0,2})$/;

/**
 * Decodes a base64 `data:` URL (`data:image/png;base64,iVBOR…`).
 *
 * @returns `undefined` when it is not a well-formed base64 data URL.
 */
export function parseDataUrl(url: string): DataUrl | undefined {
  const match = dataUrlPattern.exec(url);
  if (!match) return undefined;
  const payload = match[3]!.replace(/\s/g, '');
  if (payload.length === 0 || payload.length % 4 === 1) return undefined;
  return { mediaType: match[1]!.trim().toLowerCase(), bytes: Buffer.from(payload, 'base64') };
}
