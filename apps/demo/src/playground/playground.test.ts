import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, type Demo } from '../demo.js';
import { loadPlaygroundAssets } from './playground-assets.js';
import { playgroundContentSecurityPolicy, renderPlaygroundPage } from './playground-page.js';

describe('the playground routes', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await createDemo({ env: { EASEL_SANDBOX: '1' }, port: 0, logger: false });
  });
  afterAll(async () => {
    await demo.close();
  });

  it('serves the page with a strict Content-Security-Policy and no inline script or style', async () => {
    const response = await fetch(`${demo.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(playgroundContentSecurityPolicy);
    expect(playgroundContentSecurityPolicy).toContain("script-src 'self'");
    expect(playgroundContentSecurityPolicy).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const page = await response.text();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(page).toContain('<link rel="stylesheet" href="playground/playground.css">');
    expect(page).toContain(`<meta name="easel:base-url" content="${demo.url}">`);
    for (const provider of ['openai', 'ideogram', 'stability', 'google', 'bfl']) {
      expect(page).toContain(`>${provider}</span> <span class="badge badge-sandbox"`);
    }
  });

  it('serves the client files with their types, an ETag and revalidation', async () => {
    for (const [name, type] of [
      ['playground.css', 'text/css; charset=utf-8'],
      ['icon.svg', 'image/svg+xml'],
    ]) {
      const response = await fetch(`${demo.url}/playground/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const etag = response.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await fetch(`${demo.url}/playground/${name}`, {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
    }
  });

  it('serves nothing else from the client folder: no sources, configs or paths', async () => {
    for (const name of ['app.ts', 'tsconfig.json', '..%2Fplayground-page.ts', '.hidden.css']) {
      const response = await fetch(`${demo.url}/playground/${name}`);
      expect(response.status, name).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

describe('loadPlaygroundAssets', () => {
  let first: string;
  let second: string;
  beforeAll(async () => {
    first = await mkdtemp(join(tmpdir(), 'easel-assets-'));
    second = await mkdtemp(join(tmpdir(), 'easel-assets-'));
    await writeFile(join(first, 'playground.css'), 'body{}');
    await writeFile(join(first, 'app.ts'), 'source');
    await writeFile(join(second, 'playground.css'), 'shadowed');
    await writeFile(join(second, 'app.js'), 'export {};');
    await writeFile(join(second, 'app.js.map'), '{}');
  });
  afterAll(async () => {
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  });

  it('takes the first directory’s file of each name, and only client file types', () => {
    const assets = loadPlaygroundAssets([first, second, join(first, 'missing')]);
    expect([...assets.keys()].sort()).toEqual(['app.js', 'app.js.map', 'playground.css']);
    expect(assets.get('playground.css')!.body.toString()).toBe('body{}');
    expect(assets.get('app.js')!.contentType).toBe('text/javascript; charset=utf-8');
    expect(assets.get('app.js.map')!.contentType).toBe('application/json; charset=utf-8');
  });
});

describe('renderPlaygroundPage', () => {
  const options = {
    baseUrl: 'https://images.example.com/',
    requiresApiKey: true,
    providers: [
      { id: 'openai', sandbox: false },
      { id: '<bfl>', sandbox: true },
    ],
    clientReady: true,
  };

  it('carries the settings in meta tags and escapes what it shows', () => {
    const page = renderPlaygroundPage(options);
    expect(page).toContain('<meta name="easel:base-url" content="https://images.example.com">');
    expect(page).toContain('<meta name="easel:requires-api-key" content="true">');
    expect(page).toContain('&lt;bfl&gt;');
    expect(page).not.toContain('<bfl>');
    expect(page).toContain('(no key set) answer from a local simulator');
    expect(page).toContain('<script type="module" src="playground/app.js"></script>');
  });

  it('says how to build the client when it is missing', () => {
    const page = renderPlaygroundPage({ ...options, clientReady: false });
    expect(page).not.toContain('<script');
    expect(page).toContain('run <code>npm run build</code> in <code>apps/demo</code>');
  });
});
