import { GatewayConfigError } from '@easel/gateway';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemo, type Demo } from './demo.js';
import { InvalidEnvironmentError } from './environment/index.js';

const open: Demo[] = [];
async function start(env: Record<string, string>) {
  const demo = await createDemo({ env, port: 0, host: '127.0.0.1', logger: false });
  open.push(demo);
  return demo;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map(demo => demo.close()));
});

describe('createDemo', () => {
  it('serves the gateway with every model marked sandbox when no key is set', async () => {
    const demo = await start({});
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.publicUrl).toBe(demo.url);
    expect(demo.providers.sandboxProviders).toEqual([
      'openai',
      'ideogram',
      'stability',
      'google',
      'bfl',
    ]);
    expect((await fetch(`${demo.url}/healthz`)).status).toBe(200);
    const { data } = (await (await fetch(`${demo.url}/v1/models`)).json()) as {
      data: Array<{ path: string; sandbox: boolean }>;
    };
    expect(data.length).toBe(demo.easel.models().length);
    expect(data.every(model => model.sandbox)).toBe(true);
  });

  it('marks only the sandboxed providers', async () => {
    const demo = await start({ BFL_API_KEY: 'live-bfl' });
    const { data } = (await (await fetch(`${demo.url}/v1/models`)).json()) as {
      data: Array<{ provider: string; sandbox: boolean }>;
    };
    for (const model of data) expect(model.sandbox, model.provider).toBe(model.provider !== 'bfl');
  });

  it('serves the playground at / with each provider marked live or sandbox', async () => {
    const demo = await start({ BFL_API_KEY: 'live-bfl' });
    const response = await fetch(`${demo.url}/`);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain(`<meta name="easel:base-url" content="${demo.url}">`);
    expect(page).toContain('<meta name="easel:requires-api-key" content="false">');
    expect(page).toMatch(/>openai<\/span> <span class="badge badge-sandbox"/);
    expect(page).toMatch(/>bfl<\/span> <span class="badge badge-live"/);
  });

  it('configures the gateway from the environment: keys, public URL', async () => {
    const demo = await start({
      EASEL_API_KEYS: 'demo-key-1, demo-key-2',
      EASEL_PUBLIC_URL: 'https://images.example.com',
    });
    expect(demo.requiresApiKey).toBe(true);
    expect(demo.publicUrl).toBe('https://images.example.com');
    expect((await fetch(`${demo.url}/v1/models`)).status).toBe(401);
    const allowed = await fetch(`${demo.url}/v1/models`, {
      headers: { authorization: 'Bearer demo-key-2' },
    });
    expect(allowed.status).toBe(200);
    const page = await (await fetch(`${demo.url}/`)).text();
    expect(page).toContain('<meta name="easel:base-url" content="https://images.example.com">');
    expect(page).toContain('<meta name="easel:requires-api-key" content="true">');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ EASEL_LOG_LEVEL: 'loud' }, 'EASEL_LOG_LEVEL'],
    [{ EASEL_SANDBOX: 'maybe' }, 'EASEL_SANDBOX'],
  ])('refuses %o naming %s, before starting anything', async (env, variable) => {
    const error = await createDemo({ env }).catch((caught: unknown) => caught);
    expect(InvalidEnvironmentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ variable });
  });

  it('refuses what the gateway refuses, naming the variable', async () => {
    const error = await createDemo({ env: { EASEL_API_KEYS: 'short' }, logger: false }).catch(
      (caught: unknown) => caught,
    );
    expect(GatewayConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('EASEL_API_KEYS');
    expect((error as Error).message).not.toContain('short,');
  });

  it('closes the gateway, then the simulators', async () => {
    const demo = await createDemo({ env: {}, port: 0, logger: false });
    const simulator = demo.providers.statuses[0]!;
    await demo.close();
    await expect(fetch(`${demo.url}/healthz`)).rejects.toThrow();
    await expect(
      fetch(simulator.mode === 'sandbox' ? simulator.simulatorUrl : ''),
    ).rejects.toThrow();
  });
});
