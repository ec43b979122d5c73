import { describe, expect, it } from 'vitest';
import { GatewayConfigError } from './gateway-config-error.js';
import { gatewayOptionsFromEnv } from './gateway-options-from-env.js';
import { generateWebhookSecret } from './webhooks/index.js';

function failure(env: NodeJS.ProcessEnv): GatewayConfigError {
  try {
    gatewayOptionsFromEnv(env);
  } catch (error) {
    if (GatewayConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a GatewayConfigError');
}

describe('gatewayOptionsFromEnv', () => {
  it('returns nothing for an empty environment', () => {
    expect(gatewayOptionsFromEnv({})).toEqual({});
    expect(gatewayOptionsFromEnv({ EASEL_API_KEYS: ' ', EASEL_PUBLIC_URL: '' })).toEqual({});
  });

  it('reads every variable', () => {
    const secret = generateWebhookSecret();
    expect(
      gatewayOptionsFromEnv({
        EASEL_API_KEYS: 'gw-first-key-0001, gw-second-key-0002',
        EASEL_CORS_ORIGINS: 'https://app.example.com,http://localhost:5173/',
        EASEL_PUBLIC_URL: 'https://images.example.com/easel/',
        EASEL_WEBHOOK_SECRET: secret,
        EASEL_TRUSTED_URL_HOSTS: 'http://127.0.0.1:4010, hooks.internal',
      }),
    ).toEqual({
      apiKeys: ['gw-first-key-0001', 'gw-second-key-0002'],
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      publicUrl: 'https://images.example.com/easel',
      webhooks: { secret, trustedHosts: ['http://127.0.0.1:4010', 'hooks.internal'] },
    });
  });

  it.each([
    [{ EASEL_API_KEYS: 'short' }, 'EASEL_API_KEYS'],
    [{ EASEL_CORS_ORIGINS: 'https://app.example.com/path' }, 'EASEL_CORS_ORIGINS'],
    [{ EASEL_CORS_ORIGINS: 'not an origin' }, 'EASEL_CORS_ORIGINS'],
    [{ EASEL_PUBLIC_URL: 'ftp://files.example.com' }, 'EASEL_PUBLIC_URL'],
    [{ EASEL_PUBLIC_URL: 'https://x.example.com/?a=1' }, 'EASEL_PUBLIC_URL'],
    [{ EASEL_WEBHOOK_SECRET: 'plain-text-secret' }, 'EASEL_WEBHOOK_SECRET'],
    [{ EASEL_TRUSTED_URL_HOSTS: 'hooks.example.com:8080' }, 'EASEL_TRUSTED_URL_HOSTS'],
  ])('refuses %j with an error naming the variable', (env, variable) => {
    const error = failure(env);
    expect(error.setting).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never quotes a secret in its errors', () => {
    const error = failure({ EASEL_WEBHOOK_SECRET: 'whsec_not base64 at all!' });
    expect(error.message).not.toContain('not base64 at all');
    expect(failure({ EASEL_API_KEYS: 'tiny' }).message).not.toContain('tiny');
  });
});
