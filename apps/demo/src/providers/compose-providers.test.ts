import { createEasel, readImageMetadata } from '@easel/core';
import type { ImagenProvider } from '@easel/provider-imagen';
import { startIdeogramSimulator } from '@easel/testkit/ideogram';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidEnvironmentError } from '../environment/index.js';
import { composeProviders, type ProviderComposition } from './compose-providers.js';

const allKeys = {
  OPENAI_API_KEY: 'sk-live-openai',
  IDEOGRAM_API_KEY: 'live-ideogram',
  STABILITY_API_KEY: 'sk-live-stability',
  GEMINI_API_KEY: 'live-gemini',
  BFL_API_KEY: 'live-bfl',
};
const providerIds = ['openai', 'ideogram', 'stability', 'google', 'bfl'];

const open: ProviderComposition[] = [];
async function compose(env: Record<string, string>) {
  const composition = await composeProviders({ env, sandbox: { jobDurationMs: 50 } });
  open.push(composition);
  return composition;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map(composition => composition.close()));
});

function modes(composition: ProviderComposition) {
  return Object.fromEntries(composition.statuses.map(status => [status.id, status.mode]));
}

describe('composeProviders', () => {
  it('sandboxes every provider without a key, each against a running simulator', async () => {
    const composition = await compose({});
    expect(composition.providers.map(provider => provider.id)).toEqual(providerIds);
    expect(composition.sandboxProviders).toEqual(providerIds);
    for (const status of composition.statuses) {
      expect(status).toMatchObject({ mode: 'sandbox', reason: 'no-credential' });
      if (status.mode !== 'sandbox') continue;
      expect(status.simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(status.credentialVariables.length).toBeGreaterThan(0);
    }
  });

  it('generates real images offline through every sandboxed provider', async () => {
    const composition = await compose({});
    const easel = createEasel({ providers: composition.providers });
    // dall-e-3 answers a URL, Ideogram and FLUX links on a second origin: the allowlist covers them.
    for (const [model, input] of [
      ['opanai/dall-e-3', { prompt: 'a deer', size: '1024x1024' }],
      ['ideogram/V3', { prompt: 'a deer', aspect_ratio: '2x1' }],
      ['stability/Stable-Diffusion-3-5-Large', { prompt: 'a deer', n: 2 }],
      ['google/imagen-3.0-generate-002', { prompt: 'a deer', numberOfImages: 1 }],
      ['flux-kontext-pro', { prompt: 'a deer', aspect_ratio: '16:9' }],
    ] as const) {
      const result = await easel.generate(model, input);
      expect(result.images.length, model).toBe('n' in input ? input.n : 1);
      for (const image of result.images) {
        expect(readImageMetadata(image.bytes)?.mediaType, model).toBe(image.mediaType);
      }
    }
  });

  it('runs a provider live when its key is set, and only that one', async () => {
    const composition = await compose({ IDEOGRAM_API_KEY: 'live-ideogram' });
    expect(modes(composition)).toEqual({
      openai: 'sandbox',
      ideogram: 'live',
      stability: 'sandbox',
      google: 'sandbox',
      bfl: 'sandbox',
    });
    expect(composition.sandboxProviders).toEqual(['openai', 'stability', 'google', 'bfl']);
    expect(composition.statuses[1]).toEqual({
      id: 'ideogram',
      name: 'Ideogram',
      mode: 'live',
      credential: 'IDEOGRAM_API_KEY',
    });
  });

  it('runs every provider live when every key is set, starting no simulator', async () => {
    const composition = await compose({
      ...allKeys,
      OPENAI_BASE_URL: 'https://proxy.example.com/v1/',
    });
    expect(composition.sandboxProviders).toEqual([]);
    expect(Object.values(modes(composition))).toEqual(Array(5).fill('live'));
    expect(composition.statuses[0]).toMatchObject({
      credential: 'OPENAI_API_KEY',
      baseURL: 'https://proxy.example.com/v1',
    });
    expect((composition.providers[3] as ImagenProvider).api).toBe('gemini');
  });

  it('takes GOOGLE_API_KEY when GEMINI_API_KEY is not set', async () => {
    const composition = await compose({ GOOGLE_API_KEY: 'live-google' });
    expect(composition.statuses[3]).toMatchObject({ mode: 'live', credential: 'GOOGLE_API_KEY' });
  });

  it('forces every provider onto its simulator with EASEL_SANDBOX=1, keys or not', async () => {
    const composition = await compose({ ...allKeys, EASEL_SANDBOX: '1' });
    expect(composition.sandboxProviders).toEqual(providerIds);
    expect(
      composition.statuses.every(status => 'reason' in status && status.reason === 'forced'),
    ).toBe(true);
  });

  it('reads EASEL_SANDBOX=0 as off', async () => {
    const composition = await compose({ BFL_API_KEY: 'live-bfl', EASEL_SANDBOX: '0' });
    expect(modes(composition).bfl).toBe('live');
  });

  it('runs Imagen on Vertex AI when the access token and project are set', async () => {
    const composition = await compose({
      GEMINI_API_KEY: 'live-gemini',
      GOOGLE_VERTEX_ACCESS_TOKEN: 'ya29.token',
      GOOGLE_VERTEX_PROJECT: 'my-project',
      GOOGLE_VERTEX_LOCATION: 'europe-west4',
    });
    expect(composition.statuses[3]).toMatchObject({
      mode: 'live',
      credential: 'GOOGLE_VERTEX_ACCESS_TOKEN',
    });
    expect((composition.providers[3] as ImagenProvider).api).toBe('vertex');
  });

  it('accepts GOOGLE_CLOUD_PROJECT for Vertex AI', async () => {
    const composition = await compose({
      GOOGLE_VERTEX_ACCESS_TOKEN: 'ya29.token',
      GOOGLE_CLOUD_PROJECT: 'my-project',
    });
    expect((composition.providers[3] as ImagenProvider).api).toBe('vertex');
  });

  it.each([
    [{ GOOGLE_VERTEX_ACCESS_TOKEN: 'ya29.token' }, 'GOOGLE_VERTEX_PROJECT'],
    [{ GOOGLE_VERTEX_PROJECT: 'my-project' }, 'GOOGLE_VERTEX_ACCESS_TOKEN'],
    [
      {
        GOOGLE_VERTEX_ACCESS_TOKEN: 't',
        GOOGLE_VERTEX_PROJECT: 'p',
        GOOGLE_VERTEX_LOCATION: 'EU West',
      },
      'GOOGLE_VERTEX_LOCATION',
    ],
    [
      {
        GOOGLE_VERTEX_ACCESS_TOKEN: 't',
        GOOGLE_VERTEX_PROJECT: 'p',
        GOOGLE_VERTEX_BASE_URL: 'nope',
      },
      'GOOGLE_VERTEX_BASE_URL',
    ],
    [{ OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'ftp://example.com' }, 'OPENAI_BASE_URL'],
    [{ IDEOGRAM_API_KEY: 'k', IDEOGRAM_BASE_URL: 'api.ideogram.ai' }, 'IDEOGRAM_BASE_URL'],
    [
      { STABILITY_API_KEY: 'k', STABILITY_BASE_URL: 'https://u:p@example.com' },
      'STABILITY_BASE_URL',
    ],
    [{ GEMINI_API_KEY: 'k', GEMINI_BASE_URL: '/v1beta' }, 'GEMINI_BASE_URL'],
    [{ BFL_API_KEY: 'k', BFL_BASE_URL: 'http//api.bfl.ai' }, 'BFL_BASE_URL'],
    [{ BFL_API_KEY: 'two\nlines' }, 'BFL_API_KEY'],
    [{ EASEL_SANDBOX: 'maybe' }, 'EASEL_SANDBOX'],
    [{ EASEL_TRUSTED_URL_HOSTS: 'files.example.com, https://' }, 'EASEL_TRUSTED_URL_HOSTS'],
    [{ EASEL_TRUSTED_URL_HOSTS: 'files.example.com:8080' }, 'EASEL_TRUSTED_URL_HOSTS'],
  ])('refuses %o with an error naming %s', async (env, variable) => {
    const error = await composeProviders({ env }).catch((caught: unknown) => caught);
    expect(InvalidEnvironmentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ variable, code: 'invalid_environment' });
    expect((error as Error).message).toMatch(new RegExp(`^${variable} `));
  });

  it('never puts a key in the error it raises', async () => {
    const error = await composeProviders({ env: { OPENAI_API_KEY: 'sk-secret value' } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ variable: 'OPENAI_API_KEY' });
    expect(JSON.stringify(error) + String(error)).not.toContain('sk-secret');
  });

  it('treats empty variables as unset', async () => {
    const composition = await compose({
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      EASEL_SANDBOX: '',
    });
    expect(modes(composition).openai).toBe('sandbox');
  });

  it('adds EASEL_TRUSTED_URL_HOSTS to the download allowlist of live providers', async () => {
    // A "live" Ideogram provider pointed at a loopback simulator whose links are on a second
    // origin: without the trusted hosts, the guarded downloader refuses them.
    const simulator = await startIdeogramSimulator({ apiKey: 'live-ideogram' });
    try {
      const env = { IDEOGRAM_API_KEY: 'live-ideogram', IDEOGRAM_BASE_URL: simulator.url };
      const untrusted = createEasel({ providers: (await compose(env)).providers });
      await expect(untrusted.generate('ideogram/V3', { prompt: 'a deer' })).rejects.toThrow();

      const trusted = createEasel({
        providers: (await compose({ ...env, EASEL_TRUSTED_URL_HOSTS: simulator.origins.join(',') }))
          .providers,
      });
      const { images } = await trusted.generate('ideogram/V3', { prompt: 'a deer' });
      expect(readImageMetadata(images[0]!.bytes)?.mediaType).toBe('image/png');
    } finally {
      await simulator.close();
    }
  });

  it('closes its simulators, once', async () => {
    const composition = await composeProviders({ env: {} });
    const url =
      composition.statuses[0]!.mode === 'sandbox' ? composition.statuses[0]!.simulatorUrl : '';
    await Promise.all([composition.close(), composition.close()]);
    await expect(fetch(url)).rejects.toThrow();
  });
});
