import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { main } from './main.js';
import { collectStream } from './test-streams.js';

describe('easel serve', () => {
  it('prints the playground URL, the providers and a curl that works, and stops gracefully', async () => {
    const interrupt = new AbortController();
    const stdout = collectStream();
    const stderr = collectStream();
    const running = main(['serve', '--port', '0'], {
      env: { IDEOGRAM_API_KEY: 'live-ideogram', EASEL_LOG_LEVEL: 'silent' },
      stdout,
      stderr,
      cwd: process.cwd(),
      signal: interrupt.signal,
    });
    await stdout.waitFor(/Press Ctrl\+C to stop/);
    const url = stdout.text.match(/Playground +(http:\/\/127\.0\.0\.1:\d+)\//)?.[1];
    expect(url).toBeDefined();
    expect(stdout.text).toMatch(/ideogram +live +IDEOGRAM_API_KEY/);
    expect(stdout.text).toMatch(/openai +sandbox +set OPENAI_API_KEY to go live/);
    expect(stdout.text).not.toContain('Authorization');

    // The printed curl, as a shell would send it.
    const curl = stdout.text.slice(stdout.text.indexOf('curl '), stdout.text.indexOf("}'") + 2);
    const target = curl.match(/^curl (\S+)/)![1]!;
    const body = curl.slice(curl.indexOf("-d '") + 4, -1);
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBeLessThan(300);
    expect(await response.json()).toMatchObject({ status: 'succeeded', sandbox: true });

    interrupt.abort();
    expect(await running).toBe(exitCodes.ok);
    expect(stderr.text).toContain('Stopped.');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('exits 2 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const stderr = collectStream();
      const code = await main(['serve', '--port', String(port)], {
        env: { EASEL_LOG_LEVEL: 'silent' },
        stdout: collectStream(),
        stderr,
        cwd: process.cwd(),
      });
      expect(code).toBe(exitCodes.usage);
      expect(stderr.text).toMatch(/easel: cannot listen there \(EADDRINUSE\)/);
    } finally {
      blocker.close();
    }
  });

  it.each([[['serve', '--port', '99999']], [['serve', '--port', 'http']]])(
    '%j exits 2',
    async argv => {
      const stderr = collectStream();
      const code = await main(argv, {
        env: {},
        stdout: collectStream(),
        stderr,
        cwd: process.cwd(),
      });
      expect(code).toBe(exitCodes.usage);
      expect(stderr.text).toContain('--port must be 0–65535');
    },
  );
});
