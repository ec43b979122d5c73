import type { LookupAddress, LookupOptions } from 'node:dns';
import { request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  closeLoopbackServers,
  pngBytes,
  startLoopbackServer,
} from './__fixtures__/loopback-server.js';
import type { HostResolver } from './address-policy.js';
import {
  closeGuardedAgents,
  createGuardedAgent,
  createGuardedLookup,
  guardedAgent,
} from './guarded-agent.js';

const toLoopback: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];

interface LookupOutcome {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family: number | undefined;
}

function runLookup(
  lookup: ReturnType<typeof createGuardedLookup>,
  hostname: string,
  options: LookupOptions,
): Promise<LookupOutcome> {
  return new Promise(resolve => {
    lookup(hostname, options, (error, address, family) => resolve({ error, address, family }));
  });
}

afterEach(closeLoopbackServers);
afterAll(closeGuardedAgents);

describe('createGuardedLookup', () => {
  it('refuses a host name that resolves to loopback', async () => {
    const outcome = await runLookup(createGuardedLookup({ resolve: toLoopback }), 'images.test', {
      all: true,
    });
    expect(outcome.error?.code).toBe('EASEL_ADDRESS_REFUSED');
    expect((outcome.error as { reason?: string }).reason).toContain('loopback');
  });

  it('refuses when any answer is private, even if the first is public', async () => {
    const resolve: HostResolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    const outcome = await runLookup(createGuardedLookup({ resolve }), 'mixed.example', {});
    expect(outcome.error?.code).toBe('EASEL_ADDRESS_REFUSED');
  });

  it('refuses blocked names without resolving them', async () => {
    const asked: string[] = [];
    const resolve: HostResolver = async hostname => {
      asked.push(hostname);
      return [{ address: '93.184.216.34', family: 4 }];
    };
    const outcome = await runLookup(
      createGuardedLookup({ resolve }),
      'metadata.google.internal',
      {},
    );
    expect(outcome.error?.code).toBe('EASEL_ADDRESS_REFUSED');
    expect(asked).toEqual([]);
  });

  it('answers an exempt host name in both callback shapes', async () => {
    const lookup = createGuardedLookup({ resolve: toLoopback, exemptHostnames: ['images.test'] });
    await expect(runLookup(lookup, 'images.test', { all: true })).resolves.toEqual({
      error: null,
      address: [{ address: '127.0.0.1', family: 4 }],
      family: undefined,
    });
    await expect(runLookup(lookup, 'images.test', {})).resolves.toEqual({
      error: null,
      address: '127.0.0.1',
      family: 4,
    });
  });

  it('passes public answers through, filtered by the requested family', async () => {
    const resolve: HostResolver = async () => [
      { address: '2606:4700::1111', family: 6 },
      { address: '1.1.1.1', family: 4 },
    ];
    const outcome = await runLookup(createGuardedLookup({ resolve }), 'one.example', { family: 4 });
    expect(outcome).toEqual({ error: null, address: '1.1.1.1', family: 4 });
  });
});

describe('createGuardedAgent', () => {
  it('refuses at connect time a host name that resolves to loopback, without connecting', async () => {
    const server = await startLoopbackServer((_request, response) => response.end('unexpected'));
    const agent = createGuardedAgent({ resolve: toLoopback });
    const error = await request(`http://images.test:${server.port}/`, { dispatcher: agent }).catch(
      (caught: unknown) => caught,
    );
    await agent.close();
    expect(error).toMatchObject({ code: 'EASEL_ADDRESS_REFUSED' });
    expect(server.connections()).toBe(0);
  });

  it('connects to an exempt origin, and only on that port', async () => {
    const server = await startLoopbackServer((_request, response) => response.end(pngBytes(16)));
    const agent = createGuardedAgent({
      resolve: toLoopback,
      exemptOrigins: [`http://images.test:${server.port}`],
    });
    const response = await request(`http://images.test:${server.port}/a.png`, {
      dispatcher: agent,
    });
    expect(new Uint8Array(await response.body.arrayBuffer())).toEqual(pngBytes(16));
    const other = await request(`http://images.test:${server.port + 1}/`, {
      dispatcher: agent,
    }).catch((caught: unknown) => caught);
    await agent.close();
    expect(other).toMatchObject({ code: 'EASEL_ADDRESS_REFUSED' });
  });
});

describe('guardedAgent', () => {
  it('reuses one agent per configuration', () => {
    const first = guardedAgent({ resolve: toLoopback, exemptHostnames: ['a.test', 'b.test'] });
    const again = guardedAgent({ resolve: toLoopback, exemptHostnames: ['b.test', 'a.test'] });
    const otherNames = guardedAgent({ resolve: toLoopback, exemptHostnames: ['a.test'] });
    const otherResolver = guardedAgent({
      resolve: async () => [],
      exemptHostnames: ['a.test', 'b.test'],
    });
    expect(again).toBe(first);
    expect(otherNames).not.toBe(first);
    expect(otherResolver).not.toBe(first);
  });

  it('builds a fresh agent after closeGuardedAgents', async () => {
    const before = guardedAgent({ resolve: toLoopback });
    await closeGuardedAgents();
    expect(guardedAgent({ resolve: toLoopback })).not.toBe(before);
  });
});
