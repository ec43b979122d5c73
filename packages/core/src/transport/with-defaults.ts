/**
 * `defaults` with the defined values of `overrides` on top: an explicit `undefined` keeps the
 * default instead of erasing it (a `maxAttempts: undefined` must not mean unbounded retries).
 */
export function withDefaults<VALUE extends object>(
  defaults: VALUE,
  overrides: Partial<VALUE> | undefined,
): VALUE {
  const result = { ...defaults };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}
