/**
 * Merge header records left to right (later wins), with lower-case names; `undefined` values are
 * skipped, so optional headers can be written inline.
 */
export function combineHeaders(
  ...records: ReadonlyArray<Readonly<Record<string, string | undefined>> | undefined>
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const record of records) {
    if (record === undefined) continue;
    for (const [name, value] of Object.entries(record)) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
  }
  return headers;
}
