import { registerSecret } from '@easel/core';
import { InvalidEnvironmentError } from './invalid-environment-error.js';

/** The environment the demo reads: `process.env` or a test's own object. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A variable's value, or `undefined` when it is unset or empty (as the providers read them). */
export function readVariable(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The first of `names` that is set, with its value. */
export function readFirstVariable(
  env: Environment,
  names: readonly string[],
): { readonly name: string; readonly value: string } | undefined {
  for (const name of names) {
    const value = readVariable(env, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/**
 * A credential: registered as a secret at once, so no error or log can show it; refused when it
 * holds whitespace or control characters (a pasted line break would otherwise reach an HTTP
 * header). The message names the variable, never the value.
 */
export function readCredential(
  env: Environment,
  names: readonly string[],
): { readonly name: string; readonly value: string } | undefined {
  const found = readFirstVariable(env, names);
  if (found === undefined) return undefined;
  registerSecret(found.value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\s\u0000-\u001f\u007f]/.test(found.value)) {
    throw new InvalidEnvironmentError(
      found.name,
      'contains whitespace or control characters; set it to the key alone',
    );
  }
  return found;
}

/** An http(s) base URL, without trailing slashes. */
export function readUrl(env: Environment, name: string): string | undefined {
  const value = readVariable(env, name);
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidEnvironmentError(
      name,
      `must be an http(s) URL such as https://api.example.com/v1, received ${JSON.stringify(value)}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidEnvironmentError(name, 'must not contain a user name or password');
  }
  return value.replace(/\/+$/, '');
}

const trueWords = new Set(['1', 'true', 'yes', 'on']);
const falseWords = new Set(['0', 'false', 'no', 'off']);

/** A yes/no switch: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off` (any case); unset is no. */
export function readSwitch(env: Environment, name: string): boolean {
  const value = readVariable(env, name)?.trim().toLowerCase();
  if (value === undefined || falseWords.has(value)) return false;
  if (trueWords.has(value)) return true;
  throw new InvalidEnvironmentError(
    name,
    `must be 1 or 0 (also true/false, yes/no, on/off), received ${JSON.stringify(env[name])}`,
  );
}

/** A list separated by commas or whitespace (as the gateway reads its lists), empty items dropped. */
export function readList(env: Environment, name: string): string[] {
  return (readVariable(env, name) ?? '').split(/[,\s]+/).filter(item => item !== '');
}

/**
 * Origins (`https://files.example.com`) or bare host names (`files.example.com`) whose URLs
 * providers may download, as core's guarded downloader takes them; anything else names the
 * variable.
 */
export function readTrustedHosts(env: Environment, name: string): string[] {
  const hosts = readList(env, name);
  for (const host of hosts) {
    const valid = host.includes('://')
      ? URL.canParse(host) && new URL(host).origin !== 'null'
      : URL.canParse(`http://${host}`) &&
        new URL(`http://${host}`).port === '' &&
        new URL(`http://${host}`).pathname === '/' &&
        !/[/?#@]/.test(host);
    if (!valid) {
      throw new InvalidEnvironmentError(
        name,
        `holds ${JSON.stringify(host)}, which is neither an origin (https://files.example.com) nor a host name (files.example.com)`,
      );
    }
  }
  return hosts;
}

/** A TCP port, 0–65535. */
export function readPort(env: Environment, name: string): number | undefined {
  const value = readVariable(env, name);
  if (value === undefined) return undefined;
  const port = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new InvalidEnvironmentError(
      name,
      `must be a port number (0–65535), received ${JSON.stringify(value)}`,
    );
  }
  return port;
}
