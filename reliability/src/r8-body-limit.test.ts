import { startOpenAISimulator } from '@easel/testkit/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryProviderKey, gatewayAuthorization } from './support/canary-keys.js';
import { type GatewayChild, startGatewayChild } from './support/gateway-child.js';
import { type RawUploadOptions, rawUpload } from './support/raw-upload.js';

// R8: a 200 MiB body against the default 25 MiB cap, sent by a client that reads the answer
// while it sends (as undici and curl do) and stops once it came. The gateway runs in its own
// process so that its memory and the bytes it read from each connection can be counted.
const MiB = 1024 * 1024;
const capBytes = 25 * MiB;
const offeredBytes = 200 * MiB;
/**
 * Bytes the server may read past the cap while it writes the 413 and closes: they are dropped,
 * not buffered. A server that kept reading would show up to 175 MiB here.
 */
const drainBytes = 8 * MiB;
const path = '/v1/models/openai/gpt-image-1/predictions';

let simulator: Awaited<ReturnType<typeof startOpenAISimulator>>;
let gateway: GatewayChild;

beforeAll(async () => {
  simulator = await startOpenAISimulator({ apiKey: canaryProviderKey });
  gateway = await startGatewayChild('R8', {
    upstream: simulator.url,
    graceMs: 1_000,
    concurrency: 4,
    maxQueue: 4,
    maxConcurrency: 8,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await simulator?.close();
});

const upload = (options: Pick<RawUploadOptions, 'framing' | 'bodyBytes' | 'readWhileSending'>) =>
  rawUpload({
    url: gateway.url,
    path,
    headers: { ...gatewayAuthorization, 'Content-Type': 'application/json' },
    ...options,
  });

describe('R8: a 200 MiB body against the 25 MiB cap', () => {
  it('stops a chunked upload at the cap: 413, body never buffered past the cap', async () => {
    const before = await gateway.stats({ resetBytes: true });
    const result = await upload({ framing: 'chunked', bodyBytes: offeredBytes });
    const after = await gateway.stats({ resetBytes: true });
    const growth = after.peakRss - before.peakRss;
    console.info(
      `R8 chunked: answer ${result.status ?? 'lost (connection reset)'}, client sent ${(result.bodyBytesWritten / MiB).toFixed(1)} MiB, ` +
        `server read ${(after.maxBytesRead / MiB).toFixed(2)} MiB, peak RSS +${(growth / MiB).toFixed(0)} MiB`,
    );
    // The answer is 413 unless the connection reset lost it (see the `it.fails` below).
    if (result.status !== undefined) expect(result.status).toBe(413);
    if (result.status !== undefined) expect(result.response).toContain('"body_too_large"');
    expect(after.maxBytesRead).toBeGreaterThan(capBytes);
    expect(after.maxBytesRead).toBeLessThanOrEqual(capBytes + drainBytes);
    expect(result.bodyBytesWritten).toBeLessThan(capBytes + 2 * drainBytes);
    expect(growth).toBeLessThan(capBytes + 32 * MiB);
  });

  it('answers a declared 200 MiB body 413 before reading it', async () => {
    const before = await gateway.stats({ resetBytes: true });
    const result = await upload({ framing: 'declared', bodyBytes: offeredBytes });
    const after = await gateway.stats({ resetBytes: true });
    console.info(
      `R8 declared: answer ${result.status ?? 'lost (connection reset)'}, client sent ${(result.bodyBytesWritten / MiB).toFixed(1)} MiB, ` +
        `server read ${(after.maxBytesRead / MiB).toFixed(2)} MiB`,
    );
    if (result.status !== undefined) expect(result.status).toBe(413);
    expect(after.maxBytesRead).toBeLessThanOrEqual(drainBytes);
    expect(result.bodyBytesWritten).toBeLessThan(2 * drainBytes);
    expect(after.peakRss - before.peakRss).toBeLessThan(32 * MiB);
  });

  it('keeps serving afterwards', async () => {
    const stats = await gateway.stats();
    expect(gateway.hasExited()).toBe(false);
    expect(stats.openSockets).toBe(0);
  });

  // BUG (open): the 413 can be lost. The gateway answers, then Node's HTTP server destroys the
  // socket while the client is still sending; with unread bytes in its receive queue the kernel
  // sends a TCP RST, and the client's kernel drops the 413 it had not read yet: the client sees
  // ECONNRESET or EPIPE instead. A client that sends its whole body before reading never gets the
  // answer; one that reads while sending (undici, curl) misses it now and then (1 upload in 5 to
  // 10 on loopback). Fix: a lingering close after an early answer (send the answer, half-close,
  // then read and drop what still arrives for a bounded time and size, as nginx and Apache do).
  it.fails('delivers the 413 to a client that sends its whole body before reading', async () => {
    for (const framing of ['declared', 'chunked'] as const) {
      const result = await upload({
        framing,
        bodyBytes: capBytes + 16 * MiB,
        readWhileSending: false,
      });
      expect(result.status, framing).toBe(413);
    }
  });
});
