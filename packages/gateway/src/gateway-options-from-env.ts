import { GatewayConfigError } from './gateway-config-error.js';
import type { GatewayOptions } from './gateway-options.js';
import { normalizePublicUrl } from './http/public-url.js';
import { parseTrustedWebhookHosts } from './webhooks/index.js';

function list(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map(item => item.trim())
    .filter(item => item.length > 0);
}

/**
 * Gateway options from environment variables; unset (or empty) variables are left out, so the
 * result can be spread under explicit options.
 *
 * | Variable | Option |
 * |---|---|
 * | `EASEL_API_KEYS` | `apiKeys` (comma- or space-separated) |
 * | `EASEL_CORS_ORIGINS` | `corsOrigins` (origins, comma-separated) |
 * | `EASEL_PUBLIC_URL` | `publicUrl` |
 * | `EASEL_WEBHOOK_SECRET` | `webhooks.secret` (`whsec_<base64>`) |
 * | `EASEL_TRUSTED_URL_HOSTS` | `webhooks.trustedHosts` (origins or host names, comma-separated) |
 *
 * An invalid value throws a `GatewayConfigError` naming the variable (never quoting a secret).
 */
export function gatewayOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Partial<GatewayOptions> {
  const options: {
    -readonly [K in keyof GatewayOptions]?: GatewayOptions[K];
  } = {};
  const apiKeys = env.EASEL_API_KEYS?.trim();
  if (apiKeys) {
    const keys = list(apiKeys);
    if (keys.some(key => key.length < 8)) {
      throw new GatewayConfigError({
        setting: 'EASEL_API_KEYS',
        problem: 'every key must be at least 8 characters long',
      });
    }
    options.apiKeys = keys;
  }
  const cors = env.EASEL_CORS_ORIGINS?.trim();
  if (cors) {
    const origins = list(cors);
    for (const origin of origins) {
      if (
        origin !== '*' &&
        (!URL.canParse(origin) || new URL(origin).origin !== origin.replace(/\/$/, ''))
      ) {
        throw new GatewayConfigError({
          setting: 'EASEL_CORS_ORIGINS',
          problem: `${JSON.stringify(origin)} is not an origin (scheme://host[:port], no path)`,
        });
      }
    }
    options.corsOrigins = origins.map(origin => origin.replace(/\/$/, ''));
  }
  const publicUrl = env.EASEL_PUBLIC_URL?.trim();
  if (publicUrl) {
    const normalized = normalizePublicUrl(publicUrl);
    if (normalized === undefined) {
      throw new GatewayConfigError({
        setting: 'EASEL_PUBLIC_URL',
        problem: 'expected an absolute http(s) URL without query, fragment or credentials',
      });
    }
    options.publicUrl = normalized;
  }
  const secret = env.EASEL_WEBHOOK_SECRET?.trim();
  const trusted = env.EASEL_TRUSTED_URL_HOSTS?.trim();
  if (secret || trusted) {
    const webhooks: { secret?: string; trustedHosts?: readonly string[] } = {};
    if (secret) {
      if (!/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(secret)) {
        throw new GatewayConfigError({
          setting: 'EASEL_WEBHOOK_SECRET',
          problem: 'expected "whsec_" followed by standard base64 (see generateWebhookSecret)',
        });
      }
      webhooks.secret = secret;
    }
    if (trusted) {
      const hosts = list(trusted);
      try {
        parseTrustedWebhookHosts(hosts);
      } catch (error) {
        throw new GatewayConfigError({
          setting: 'EASEL_TRUSTED_URL_HOSTS',
          problem: error instanceof Error ? error.message : String(error),
        });
      }
      webhooks.trustedHosts = hosts;
    }
    options.webhooks = webhooks;
  }
  return options;
}
