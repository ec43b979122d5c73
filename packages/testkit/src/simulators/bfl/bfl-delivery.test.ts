import { describe, expect, it } from 'vitest';
import {
  download,
  generate,
  poll,
  pollUntilDone,
  submit,
  useBflSimulator,
} from './__fixtures__/bfl-client.js';
import { bflOutputSize } from './bfl-output-size.js';

describe('delivery', () => {
  const simulator = useBflSimulator();

  it.each([
    ['flux-kontext-max', { prompt: 'a', aspect_ratio: '9:16' }, 'png'],
    ['flux-pro-1.1', { prompt: 'a', width: 512, height: 320 }, 'jpeg'],
    ['flux-dev', { prompt: 'a', output_format: 'webp' }, 'webp'],
    ['flux-2-max', { prompt: 'a', width: 640, height: 368 }, 'jpeg'],
    ['flux-2-flex', { prompt: 'a', width: 256, height: 128, output_format: 'png' }, 'png'],
    ['flux-pro-1.1-ultra', { prompt: 'a', aspect_ratio: '21:9' }, 'jpeg'],
  ] as const)('serves %s samples in the right format and size', async (model, body, format) => {
    const result = await generate(simulator(), model, body);
    expect(result.status).toBe('Ready');
    const sample = await download(result.result?.sample ?? '');
    expect(sample.status).toBe(200);
    expect(sample.headers.get('content-type')).toBe(`image/${format}`);
    expect(sample.metadata).toEqual({
      mediaType: `image/${format}`,
      ...bflOutputSize(model, body),
    });
    expect(result.result?.sample).toMatch(new RegExp(`/sample\\.${format}\\?`));
  });

  it('needs no key and records every download', async () => {
    const result = await generate(simulator(), 'flux-2-pro', {
      prompt: 'a',
      width: 64,
      height: 64,
    });
    const before = simulator().deliveryRequests().length;
    await download(result.result?.sample ?? '');
    const recorded = simulator().deliveryRequests().slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.method).toBe('GET');
    expect(recorded[0]?.headers['x-key']).toBeUndefined();
    expect(simulator().requests.some(request => request.path.startsWith('/results/'))).toBe(false);
  });

  it('answers 403 AuthenticationFailed for tampered or unsigned URLs', async () => {
    const result = await generate(simulator(), 'flux-2-pro', {
      prompt: 'b',
      width: 64,
      height: 64,
    });
    const sample = new URL(result.result?.sample ?? '');
    const signature = sample.searchParams.get('sig') ?? '';
    const tampered = (change: (url: URL) => void) => {
      const url = new URL(sample);
      change(url);
      return url.toString();
    };
    const variants = [
      tampered(url =>
        url.searchParams.set('sig', `${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(1)}`),
      ),
      tampered(url =>
        url.searchParams.set('se', String(Number(url.searchParams.get('se')) + 3600)),
      ),
      tampered(url => {
        url.pathname = url.pathname.replace('.jpeg', '.png');
      }),
      tampered(url => url.searchParams.delete('sig')),
    ];
    for (const url of variants) {
      const answer = await fetch(url);
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toBe('application/xml');
      expect(answer.headers.get('x-ms-error-code')).toBe('AuthenticationFailed');
      expect(await answer.text()).toMatch(/<Error><Code>AuthenticationFailed<\/Code>/);
    }
    expect((await download(sample.toString())).status).toBe(200);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const other = await fetch(`${simulator().deliveryUrl}/results/abc`);
    expect(other.status).toBe(404);
    expect(other.headers.get('x-ms-error-code')).toBe('ResourceNotFound');
    const result = await generate(simulator(), 'flux-2-pro', {
      prompt: 'c',
      width: 64,
      height: 64,
    });
    const deleted = await fetch(result.result?.sample ?? '', { method: 'DELETE' });
    expect(deleted.status).toBe(405);
  });

  it('lets tests inject faults on the delivery origin', async () => {
    const result = await generate(simulator(), 'flux-2-pro', {
      prompt: 'd',
      width: 64,
      height: 64,
    });
    simulator().injectDelivery({ times: 1, fault: { type: 'respond', status: 503 } });
    expect((await download(result.result?.sample ?? '')).status).toBe(503);
    expect((await download(result.result?.sample ?? '')).status).toBe(200);
  });

  it('keeps the same sample URL on every poll', async () => {
    const submitted = await submit<{ polling_url: string }>(simulator(), 'flux-2-pro', {
      prompt: 'e',
      width: 64,
      height: 64,
    });
    const done = await pollUntilDone(submitted.body.polling_url);
    const again = await poll(submitted.body.polling_url);
    expect(done.status).toBe('Ready');
    expect(again.body.result?.sample).toBe(done.result?.sample);
  });
});

describe('delivery expiry', () => {
  const simulator = useBflSimulator({ resultTtlMs: 0 });

  it('answers 403 AuthenticationFailed once the sample URL has expired', async () => {
    const result = await generate(simulator(), 'flux-kontext-pro', { prompt: 'a' });
    const expired = await fetch(result.result?.sample ?? '');
    expect(expired.status).toBe(403);
    expect(expired.headers.get('x-ms-error-code')).toBe('AuthenticationFailed');
    expect(await expired.text()).toMatch(
      /<AuthenticationErrorDetail>Signed expiry time \[.+\] must be after signed start time \[.+\]<\/AuthenticationErrorDetail>/,
    );
    const expiry = Number(new URL(result.result?.sample ?? '').searchParams.get('se'));
    expect(expiry).toBe(Math.ceil((simulator().readyAt(result.id) ?? 0) / 1000));
  });
});
