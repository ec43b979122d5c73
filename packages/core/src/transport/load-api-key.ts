import { MissingApiKeyError } from '../errors/missing-api-key-error.js';
import { registerSecret } from '../errors/secret-redaction.js';

/** Options of `loadApiKey`. */
export interface LoadApiKeyOptions {
  /** The key given in the settings, if any. */
  apiKey: string | undefined;
  /** Environment variables to consult, in order. */
  environmentVariables: readonly string[];
  /** Provider id, for the error message. */
  provider: string;
  /** Name of the settings option, for the error message. Default `apiKey`. */
  option?: string;
  /** What the credential is, for the error message. Default `API key`. */
  label?: string;
}

/**
 * The API key from the settings, else from the first environment variable set. Registers it as a
 * secret so that no Easel error or log can contain it. Throws `MissingApiKeyError` naming the
 * option and the variables. Call it lazily (per request), so importing a provider never throws.
 */
export function loadApiKey(options: LoadApiKeyOptions): string {
  let key = options.apiKey;
  if (key === undefined || key === '') {
    for (const name of options.environmentVariables) {
      const value = process.env[name];
      if (value !== undefined && value !== '') {
        key = value;
        break;
      }
    }
  }
  if (key === undefined || key === '') {
    throw new MissingApiKeyError({
      provider: options.provider,
      option: options.option ?? 'apiKey',
      environmentVariables: options.environmentVariables,
      ...(options.label === undefined ? {} : { label: options.label }),
    });
  }
  registerSecret(key);
  return key;
}

/** A setting from the options, else from the first environment variable set. */
export function loadSetting(
  value: string | undefined,
  environmentVariables: readonly string[],
): string | undefined {
  if (value !== undefined && value !== '') return value;
  for (const name of environmentVariables) {
    const candidate = process.env[name];
    if (candidate !== undefined && candidate !== '') return candidate;
  }
  return undefined;
}
