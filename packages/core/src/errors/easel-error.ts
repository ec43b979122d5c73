import { redactSecrets, sanitizeCause } from './secret-redaction.js';

const easelErrorMarker = Symbol.for('easel.error');

/** Options every Easel error accepts. */
export interface EaselErrorOptions {
  /** The underlying failure. Kept in a sanitised form: secrets removed, own properties dropped. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by Easel. Each subclass has a stable `code` and a
 * `Symbol.for` brand, so `XError.isInstance(error)` works even when two copies of
 * `@easel/core` are installed. Messages and causes never contain a registered secret.
 */
export abstract class EaselError extends Error {
  /** Stable machine-readable code, e.g. `invalid_input`. */
  abstract readonly code: string;

  readonly [easelErrorMarker] = true;

  constructor(message: string, options: EaselErrorOptions = {}) {
    const cause = sanitizeCause(options.cause);
    super(redactSecrets(message), cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }

  /** Whether `error` is any Easel error, from this or another copy of the package. */
  static isEaselError(error: unknown): error is EaselError {
    return hasMarker(error, easelErrorMarker);
  }

  /** A plain, secret-free object for logs and HTTP responses. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, ...this.details() };
  }

  /** Subclass fields included in `toJSON()`. */
  protected details(): Record<string, unknown> {
    return {};
  }
}

/** @internal Brand check shared by every error class. */
export function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}

/** @internal Scrub a free-text field before storing it on an error. */
export function safeText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : redactSecrets(text);
}
