import { EaselError, hasMarker } from './easel-error.js';

const marker = Symbol.for('easel.error.MissingApiKeyError');

/** Options of `MissingApiKeyError`. */
export interface MissingApiKeyErrorOptions {
  /** Provider id, e.g. `openai`. */
  provider: string;
  /** Name of the settings option that takes the key, usually `apiKey`. */
  option: string;
  /** Environment variables that were consulted, in order. */
  environmentVariables: readonly string[];
  /** What is missing, for the message. Default `API key` (e.g. `Vertex AI project`, `access token`). */
  label?: string;
}

/** A credential (an API key, or what a provider needs besides it) is neither in the settings nor in the environment. */
export class MissingApiKeyError extends EaselError {
  readonly code = 'missing_api_key';
  readonly provider: string;
  readonly option: string;
  readonly environmentVariables: readonly string[];
  readonly [marker] = true;

  constructor(options: MissingApiKeyErrorOptions) {
    const variables = options.environmentVariables.map(name => `\`${name}\``).join(' or ');
    super(
      `${options.provider}: ${options.label ?? 'API key'} is missing. Pass it as the \`${options.option}\` setting or set ${variables}.`,
    );
    this.provider = options.provider;
    this.option = options.option;
    this.environmentVariables = options.environmentVariables;
  }

  static isInstance(error: unknown): error is MissingApiKeyError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return {
      provider: this.provider,
      option: this.option,
      environmentVariables: this.environmentVariables,
    };
  }
}
