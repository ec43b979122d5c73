/** How a successful answer carries the image: raw bytes, or base64 in a JSON body. */
export type ResponseFormat = 'image' | 'json';

const formats: Readonly<Record<string, ResponseFormat>> = {
  'image/*': 'image',
  '*/*': 'image',
  'application/json': 'json',
};

/**
 * Reads the `accept` header: `image/*` (the default, also when the header is absent, empty or
 * `*\/*`, which fetch sends by default) asks for raw bytes, `application/json` for a JSON body.
 * In a list, the first of these media ranges wins; parameters and q-values are ignored.
 *
 * @returns `undefined` when the header names none of them (`image/png`, `text/html`, …).
 */
export function readResponseFormat(accept: string | undefined): ResponseFormat | undefined {
  const ranges = (accept ?? '')
    .split(',')
    .map(range => range.split(';', 1)[0]!.trim().toLowerCase())
    .filter(range => range !== '');
  if (ranges.length === 0) return 'image';
  for (const range of ranges) {
    const format = formats[range];
    if (format !== undefined) return format;
  }
  return undefined;
}

/** The 400 message for an `accept` header `readResponseFormat` refuses. */
export const unsupportedAcceptMessage = 'accept: must be image/* or application/json';
