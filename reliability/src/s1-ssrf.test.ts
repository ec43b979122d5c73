import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostResolver } from '@easel/core';
import { synthesizeImage } from '@easel/testkit';
import { createReference, startReferenceSimulator } from '@easel/testkit/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryProviderKey } from './support/canary-keys.js';
import { type CanaryServer, startCanaryServer } from './support/canary-server.js';
import { type ConnectionWitness, watchConnections } from './support/connection-witness.js';
import type { ErrorBody } from './support/http-client.js';
import { type OpenAIGateway, startOpenAIGateway } from './support/openai-gateway.js';

// S1: URLs the gateway must never fetch, given as the input image of `reference/ref-sync` (which
// downloads it) or returned by OpenAI as a dall-e-3 result (which the provider downloads). Names
// resolve through an injected resolver, never real DNS; `*.example` names stand for public hosts.
// Witnesses that nothing was connected to: a TCP canary on loopback (on the port the URLs name,
// and on 127.0.0.1:443 when that port can be had), and undici's connection diagnostics.

const publicAddress = '93.184.216.34';
const resolutions: Record<string, Array<{ address: string; family: number }>> = {
  'private-10.example': [{ address: '10.0.0.5', family: 4 }],
  'loopback.example': [{ address: '127.0.0.1', family: 4 }],
  'metadata.example': [{ address: '169.254.169.254', family: 4 }],
  'mixed.example': [
    { address: publicAddress, family: 4 },
    { address: '127.0.0.1', family: 4 },
  ],
  'mapped.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'ula.example': [{ address: 'fd00::1', family: 6 }],
  '127.0.0.1.nip.io': [{ address: '127.0.0.1', family: 4 }],
};
/** Names that answer a public address first, then loopback: DNS rebinding. */
const rebinding = new Map<string, number>([
  ['rebind.example', 0],
  ['rebind-result.example', 0],
]);
const resolve: HostResolver = async hostname => {
  const lookups = rebinding.get(hostname);
  if (lookups !== undefined) {
    rebinding.set(hostname, lookups + 1);
    return [{ address: lookups === 0 ? publicAddress : '127.0.0.1', family: 4 }];
  }
  const answer = resolutions[hostname];
  if (answer === undefined)
    throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answer;
};

let canary: CanaryServer;
let canary443: CanaryServer | undefined;
let witness: ConnectionWitness;
let redirector: Server;
let redirectorUrl: string;
let reference: Awaited<ReturnType<typeof startReferenceSimulator>>;
let target: OpenAIGateway;
const png = synthesizeImage({ width: 64, height: 64, format: 'png', seed: 3 });

beforeAll(async () => {
  canary = (await startCanaryServer())!;
  canary443 = await startCanaryServer('127.0.0.1', 443);
  redirector = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://redirector');
    if (url.pathname === '/ok.png') {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': png.byteLength });
      response.end(png);
      return;
    }
    response.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
    response.end();
  });
  redirector.listen(0, '127.0.0.1');
  await once(redirector, 'listening');
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  reference = await startReferenceSimulator({ apiKey: canaryProviderKey });
  const downloads = { allowlist: [redirectorUrl], resolve };
  target = await startOpenAIGateway({
    source: 'S1',
    provider: { downloads },
    providers: [
      createReference({
        apiKey: canaryProviderKey,
        baseURL: reference.url,
        downloads: { ...downloads, allowlist: [...reference.origins, redirectorUrl] },
      }),
    ],
  });
  witness = watchConnections();
});

afterAll(async () => {
  witness?.close();
  await target?.close();
  await reference?.close();
  redirector?.close();
  await canary?.close();
  await canary443?.close();
});

/** Every origin the tests may legitimately connect to. */
function knownPorts(): Set<string> {
  return new Set(
    [target.url, target.simulator.url, reference.url, redirectorUrl].map(url => new URL(url).port),
  );
}

const redirectTo = (url: string) => `${redirectorUrl}/to?to=${encodeURIComponent(url)}`;

/** [name, URL, what the refusal must name]; the canary's port is filled in at run time. */
const inputCases = (port: number): Array<[string, string, string]> => [
  ['loopback literal over http', `http://127.0.0.1:${port}/x.png`, 'loopback (127.0.0.0/8)'],
  ['loopback literal', 'https://127.0.0.1/x.png', 'loopback (127.0.0.0/8)'],
  ['private 10/8', 'https://10.0.0.5/x.png', 'private (10.0.0.0/8)'],
  ['private 172.16/12', 'https://172.16.3.4/x.png', 'private (172.16.0.0/12)'],
  ['private 192.168/16', 'https://192.168.1.1/x.png', 'private (192.168.0.0/16)'],
  [
    'cloud metadata',
    'https://169.254.169.254/latest/meta-data/iam',
    'cloud metadata endpoint (169.254.169.254)',
  ],
  ['link-local', 'https://169.254.10.1/x.png', 'link-local (169.254.0.0/16)'],
  ['0.0.0.0', `http://0.0.0.0:${port}/x.png`, 'unspecified'],
  ['IPv6 loopback', 'https://[::1]/x.png', 'loopback (::1)'],
  ['IPv4-mapped IPv6', `http://[::ffff:127.0.0.1]:${port}/x.png`, 'IPv4-mapped loopback'],
  ['IPv4-mapped IPv6, hex', 'https://[::ffff:7f00:1]/x.png', 'IPv4-mapped loopback'],
  ['IPv4-mapped metadata', 'https://[::ffff:a9fe:a9fe]/x.png', 'IPv4-mapped cloud metadata'],
  ['unique local IPv6', 'https://[fd00::1]/x.png', 'private, unique local (fc00::/7)'],
  ['decimal notation', `http://2130706433:${port}/x.png`, 'unusual notation'],
  ['hex notation', 'https://0x7f000001/x.png', 'unusual notation'],
  ['dotted hex notation', 'https://0x7f.0.0.1/x.png', 'unusual notation'],
  ['octal notation', 'https://0177.0.0.1/x.png', 'unusual notation'],
  ['short notation', 'https://127.1/x.png', 'unusual notation'],
  ['localhost', `http://localhost:${port}/x.png`, 'loopback host name "localhost"'],
  [
    'metadata host name',
    'https://metadata.google.internal/computeMetadata/v1/',
    'cloud metadata host',
  ],
  [
    'name → 10/8',
    'https://private-10.example/x.png',
    'resolves to a blocked address: private (10.0.0.0/8)',
  ],
  ['name → loopback', 'https://loopback.example/x.png', 'resolves to a blocked address: loopback'],
  [
    'name → metadata',
    'https://metadata.example/x.png',
    'resolves to a blocked address: cloud metadata',
  ],
  [
    'name → public and loopback',
    'https://mixed.example/x.png',
    'resolves to a blocked address: loopback',
  ],
  [
    'name → IPv4-mapped loopback',
    'https://mapped.example/x.png',
    'resolves to a blocked address: IPv4-mapped loopback',
  ],
  [
    'name → unique local IPv6',
    'https://ula.example/x.png',
    'resolves to a blocked address: private, unique local',
  ],
  ['127.0.0.1.nip.io', 'https://127.0.0.1.nip.io/x.png', 'resolves to a blocked address: loopback'],
  [
    'DNS rebinding (public, then loopback)',
    'https://rebind.example/x.png',
    'resolves to a blocked address: loopback',
  ],
  ['redirect to loopback', redirectTo(`http://127.0.0.1:${port}/x.png`), 'loopback (127.0.0.0/8)'],
  [
    'redirect to metadata',
    redirectTo('https://169.254.169.254/latest/meta-data/'),
    'cloud metadata endpoint',
  ],
  [
    'redirect to a name → loopback',
    redirectTo('https://loopback.example/x.png'),
    'resolves to a blocked address: loopback',
  ],
  [
    'redirect to decimal notation',
    redirectTo(`http://2130706433:${port}/x.png`),
    'unusual notation',
  ],
  [
    'credentials in the URL',
    'https://user:secret@private-10.example/x.png',
    'credentials in the URL',
  ],
  ['file: scheme', 'file:///etc/passwd', 'only http and https URLs are accepted'],
];

describe('S1: SSRF through the gateway', () => {
  it('downloads an allowlisted input image (positive control)', async () => {
    for (const url of [`${redirectorUrl}/ok.png`, redirectTo(`${redirectorUrl}/ok.png`)]) {
      const answer = await target.predict(
        { prompt: 'a deer', image: url },
        { model: 'reference/ref-sync' },
      );
      expect(answer.status, url).toBe(201);
    }
  });

  it('refuses every private input-image URL with a 400 naming the refusal, connecting to nothing', async () => {
    const cases = inputCases(canary.port);
    const seenBefore = witness.events.length;
    for (const [name, url, reason] of cases) {
      const answer = await target.predict<ErrorBody>(
        { prompt: 'a deer', image: url },
        { model: 'reference/ref-sync' },
      );
      expect(answer.status, name).toBe(400);
      expect(answer.body.error.code, name).toBe('invalid_input');
      const issues = answer.body.error.details?.issues as Array<{
        path: unknown[];
        message: string;
      }>;
      // `image` is folded into `images` before the download, so the refusal names `images[0]`;
      // a scheme other than http(s) is refused by the input schema, at `image` itself.
      const path = url.startsWith('file:') ? ['input', 'image'] : ['input', 'images', 0];
      expect(issues[0]?.path, name).toEqual(path);
      expect(issues[0]?.message, name).toContain(reason);
      expect(answer.body.error.message, name).toContain(reason);
    }
    const events = witness.events.slice(seenBefore);
    const known = knownPorts();
    const strangers = events.filter(event => !known.has(event.port));
    // Only the rebinding name got as far as the connector, whose lookup refused it.
    expect(strangers.filter(event => event.stage === 'connected')).toEqual([]);
    expect(strangers.map(({ stage, host, code }) => ({ stage, host, code }))).toEqual([
      { stage: 'beforeConnect', host: 'rebind.example', code: undefined },
      { stage: 'connectError', host: 'rebind.example', code: 'EASEL_ADDRESS_REFUSED' },
    ]);
    expect(canary.connections()).toBe(0);
    expect(canary443?.connections() ?? 0).toBe(0);
    console.info(
      `S1: ${cases.length} input URLs refused, ${canary.connections()} canary connections ` +
        `(127.0.0.1:443 canary ${canary443 === undefined ? 'unavailable' : 'listening'}), 0 connections to private targets`,
    );
  });

  it('refuses private result URLs from the provider (502 naming the refusal), connecting to nothing', async () => {
    const port = canary.port;
    const results: Array<[string, string, string]> = [
      ['metadata', 'https://169.254.169.254/latest/meta-data/iam', 'cloud metadata endpoint'],
      ['loopback over http', `http://127.0.0.1:${port}/img.png`, 'loopback (127.0.0.0/8)'],
      [
        'name → private',
        'https://private-10.example/img.png',
        'resolves to a blocked address: private',
      ],
      [
        'DNS rebinding',
        'https://rebind-result.example/img.png',
        'resolves to a blocked address: loopback',
      ],
      [
        'redirect to loopback',
        redirectTo(`http://127.0.0.1:${port}/img.png`),
        'loopback (127.0.0.0/8)',
      ],
      ['octal notation', 'https://0177.0.0.1/img.png', 'unusual notation'],
    ];
    const seenBefore = witness.events.length;
    for (const [name, url, reason] of results) {
      const remove = target.simulator.inject({
        match: { method: 'POST', path: '/v1/images/generations' },
        times: 1,
        fault: {
          type: 'respond',
          status: 200,
          body: { created: 1_778_000_000, data: [{ url, revised_prompt: 'a fox' }] },
        },
      });
      const answer = await target.predict<ErrorBody>(
        { prompt: 'a fox' },
        { model: 'openai/dall-e-3' },
      );
      remove();
      expect(answer.status, name).toBe(502);
      expect(answer.body.error.code, name).toBe('provider_error');
      expect(answer.body.error.details?.providerCode, name).toBe('unsafe_url');
      expect(answer.body.error.message, name).toContain(reason);
    }
    const strangers = witness.events
      .slice(seenBefore)
      .filter(event => !knownPorts().has(event.port));
    expect(strangers.filter(event => event.stage === 'connected')).toEqual([]);
    expect(strangers.map(({ stage, host }) => `${stage} ${host}`)).toEqual([
      'beforeConnect rebind-result.example',
      'connectError rebind-result.example',
    ]);
    expect(canary.connections()).toBe(0);
    expect(canary443?.connections() ?? 0).toBe(0);
  });
});
