/** Strings at least this long that look like inline images are summarised in stored inputs. */
const summariseFrom = 1024;

function looksInline(text: string): boolean {
  if (text.startsWith('data:')) return true;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(text.slice(0, 256)) && !text.slice(0, 256).includes(' ');
}

function summarise(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    if (value.length < summariseFrom || !looksInline(value)) return value;
    const kind = value.startsWith('data:') ? value.slice(0, value.indexOf(',') + 1) : 'base64,';
    return `${kind}… (${value.length} characters omitted)`;
  }
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes omitted>`;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(item => summarise(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key] = summarise(item, depth + 1);
  return result;
}

/**
 * The input to keep with a prediction and echo in its `input`: as received, except that inline
 * images (data URIs, base64 strings of 1 KiB or more, bytes) become a short note, so a stored or
 * returned prediction never carries megabytes of someone's upload.
 */
export function summariseInput(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return summarise(input, 0) as Record<string, unknown>;
}
