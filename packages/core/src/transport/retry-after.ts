/**
 * How long a response asks the client to wait, in milliseconds: `retry-after-ms` (OpenAI),
 * then `Retry-After` as seconds or an HTTP date. `undefined` when absent or unreadable.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | undefined>>,
  now: number = Date.now(),
): number | undefined {
  const milliseconds = headers['retry-after-ms'];
  if (milliseconds !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) {
    return Math.round(Number(milliseconds));
  }
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
