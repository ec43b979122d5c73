import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { type ChildHandle, modulePath, startChild } from '../process/child-process.js';
import { upstreamBaseUrl } from '../upstream/mock-upstream.js';
import type { PayloadName } from '../upstream/payloads.js';
import { benchGatewayKey, benchUpstreamKey } from './bench-keys.js';

/** The systems a gateway scenario compares, in the order of the first round. */
export const targetNames = ['direct', 'easel', 'portkey', 'passthrough'] as const;

/** (a) direct to the upstream, (b) Easel gateway, (c) Portkey OSS gateway, (d) undici pass-through. */
export type TargetName = (typeof targetNames)[number];

/** Which Easel gateway endpoint a scenario drives. */
export type EaselEndpoint = 'openai-images' | 'predictions';

/** What a scenario sends and where the upstream answers. */
export interface TargetSetup {
  /** Names the scenario in profile folders, e.g. `P4`. */
  readonly label: string;
  readonly upstreamUrl: string;
  readonly payload: PayloadName;
  readonly delayMs: number;
  readonly easelEndpoint: EaselEndpoint;
}

/** One HTTP request, as the load generator replays it. */
export interface RequestSpec {
  readonly origin: string;
  readonly path: string;
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A started target. */
export interface RunningTarget {
  readonly name: TargetName;
  /** The process serving it; `undefined` for `direct` (the upstream itself is not measured). */
  readonly child: ChildHandle | undefined;
  readonly request: RequestSpec;
  stop(): Promise<void>;
}

const prompt = 'A deer drinking in the lake, Sakura petals falling, japanese temple';

/** The OpenAI Images request every target but Easel's predictions endpoint receives. */
const openaiBody = JSON.stringify({
  model: 'gpt-image-1',
  prompt,
  n: 1,
  size: '1024x1024',
  quality: 'low',
  response_format: 'b64_json',
});

/** The same generation as a Replicate-shaped prediction. */
const predictionBody = JSON.stringify({
  input: { prompt, n: 1, size: '1024x1024', quality: 'low' },
});

const jsonHeaders = { 'content-type': 'application/json' };

/**
 * Starts one target in its own process (the event-loop probe loaded into it), pointed at the mock
 * upstream's route for the scenario's payload and delay.
 *
 * @throws ChildUnavailableError for `easel` while the gateway has not landed.
 */
export async function startTarget(name: TargetName, setup: TargetSetup): Promise<RunningTarget> {
  const prefix = `/${setup.payload}/${setup.delayMs}`;
  const base = upstreamBaseUrl(setup.upstreamUrl, setup.payload, setup.delayMs);
  const probe = ['--import', modulePath('targets/event-loop-probe.js')];
  switch (name) {
    case 'direct':
      return {
        name,
        child: undefined,
        request: {
          origin: setup.upstreamUrl,
          path: `${prefix}/v1/images/generations`,
          method: 'POST',
          headers: { ...jsonHeaders, authorization: `Bearer ${benchUpstreamKey}` },
          body: openaiBody,
        },
        stop: async () => {},
      };
    case 'passthrough': {
      const child = await startChild(modulePath('targets/passthrough-main.js'), {
        args: [setup.upstreamUrl, prefix],
        execArgv: probe,
        profileName: `${setup.label}-passthrough`,
      });
      return {
        name,
        child,
        request: {
          origin: String(child.info.url),
          path: '/v1/images/generations',
          method: 'POST',
          headers: { ...jsonHeaders, authorization: `Bearer ${benchUpstreamKey}` },
          body: openaiBody,
        },
        stop: () => child.stop(),
      };
    }
    case 'portkey': {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const child = await startChild(portkeyServerPath(), {
        args: [`--port=${port}`, '--headless'],
        execArgv: probe,
        profileName: `${setup.label}-portkey`,
        waitUntilReady: async () => {
          await waitForHttp(origin);
          return { url: origin };
        },
      });
      return {
        name,
        child,
        request: {
          origin,
          path: '/v1/images/generations',
          method: 'POST',
          headers: {
            ...jsonHeaders,
            authorization: `Bearer ${benchUpstreamKey}`,
            'x-portkey-provider': 'openai',
            'x-portkey-custom-host': base,
          },
          body: openaiBody,
        },
        stop: () => child.stop(),
      };
    }
    case 'easel': {
      const child = await startChild(modulePath('targets/easel-gateway-main.js'), {
        args: [base],
        execArgv: probe,
        profileName: `${setup.label}-easel`,
      });
      const predictions = setup.easelEndpoint === 'predictions';
      return {
        name,
        child,
        request: {
          origin: String(child.info.url),
          path: predictions
            ? '/v1/models/openai/gpt-image-1/predictions'
            : '/v1/images/generations',
          method: 'POST',
          headers: {
            ...jsonHeaders,
            authorization: `Bearer ${benchGatewayKey}`,
            ...(predictions ? { prefer: 'wait' } : {}),
          },
          body: predictions ? predictionBody : openaiBody,
        },
        stop: () => child.stop(),
      };
    }
  }
}

/** The Portkey OSS gateway's server script (`@portkey-ai/gateway` bin), from this package's dependencies. */
export function portkeyServerPath(): string {
  const require = createRequire(import.meta.url);
  return join(
    require.resolve('@portkey-ai/gateway/package.json'),
    '..',
    'build',
    'start-server.js',
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>(resolve => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForHttp(origin: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await request(origin, { method: 'GET', headersTimeout: 1_000 });
      await response.body.dump();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}
