/**
 * Process-wide registry of secrets (API keys, tokens) that must never appear in an error message,
 * an error's `cause`, a serialised error or a log line. Keys are registered when they are loaded
 * (`loadApiKey`) or sent (sensitive request headers). The registry lives on `globalThis` under a
 * `Symbol.for` key so that duplicate installs of `@easel/core` share it.
 */
const registryKey = Symbol.for('easel.secrets.v1');

type SecretRegistry = Set<string>;

function registry(): SecretRegistry {
  const holder = globalThis as unknown as Record<symbol, SecretRegistry | undefined>;
  let secrets = holder[registryKey];
  if (secrets === undefined) {
    secrets = new Set();
    holder[registryKey] = secrets;
  }
  return secrets;
}

/** Shortest value treated as a secret: shorter strings would redact ordinary words. */
const minimumSecretLength = 8;

/** The text that replaces a secret. */
export const redactedMarker = '[REDACTED]';

/**
 * Register a secret so that every Easel error and log scrubs it. Bearer prefixes are stripped;
 * values shorter than 8 characters are ignored.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  const secret = value.replace(/^(bearer|basic)\s+/i, '').trim();
  if (secret.length >= minimumSecretLength) registry().add(secret);
}

/** Replace every registered secret (and any passed in `extra`) inside `text`. */
export function redactSecrets(text: string, extra: Iterable<string> = []): string {
  let result = text;
  for (const secret of registry()) {
    if (result.includes(secret)) result = result.split(secret).join(redactedMarker);
  }
  for (const secret of extra) {
    if (secret.length >= minimumSecretLength && result.includes(secret)) {
      result = result.split(secret).join(redactedMarker);
    }
  }
  return result;
}

/** Whether `text` contains a registered secret. */
export function containsSecret(text: string): boolean {
  for (const secret of registry()) if (text.includes(secret)) return true;
  return false;
}

/**
 * A copy of `error` that is safe to keep as a `cause`: same name, code and message with secrets
 * removed, without the original's own properties (which may hold headers or request bodies).
 */
export function sanitizeCause(cause: unknown): unknown {
  if (cause === undefined || cause === null) return cause;
  if (typeof cause === 'string') return redactSecrets(cause);
  if (!(cause instanceof Error)) return undefined;
  if ((cause as unknown as Record<symbol, unknown>)[Symbol.for('easel.error')] === true)
    return cause;
  const safe = new Error(redactSecrets(cause.message));
  safe.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') (safe as Error & { code?: string }).code = code;
  if (cause.stack) safe.stack = redactSecrets(cause.stack);
  return safe;
}
