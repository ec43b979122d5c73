const marker = Symbol.for('easel.gateway.error.GatewayConfigError');

/** Options of `GatewayConfigError`. */
export interface GatewayConfigErrorOptions {
  /** The option or environment variable at fault, e.g. `limits.bodyBytes` or `EASEL_PUBLIC_URL`. */
  readonly setting: string;
  /** What is wrong with it and what is expected. Never contains the value of a secret. */
  readonly problem: string;
}

/**
 * A gateway option or environment variable is invalid. The message names the setting and says
 * what it should be; secrets (API keys, the webhook secret) are never quoted.
 */
export class GatewayConfigError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'invalid_gateway_config';
  /** The option or environment variable at fault. */
  readonly setting: string;
  readonly [marker] = true;

  constructor(options: GatewayConfigErrorOptions) {
    super(`Invalid gateway setting ${options.setting}: ${options.problem}`);
    this.name = 'GatewayConfigError';
    this.setting = options.setting;
  }

  /** Whether `error` is a `GatewayConfigError`, also from another copy of this package. */
  static isInstance(error: unknown): error is GatewayConfigError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }
}
