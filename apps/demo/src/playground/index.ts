// The web playground: an HTML shell at `/` and the browser client under `/playground/`. The page
// itself talks to the gateway's public HTTP API (`/v1/models`, predictions, files), like any
// other client; nothing here reaches into the gateway.
import type { Easel } from '@easel/core';
import type { Gateway } from '@easel/gateway';
import { loadPlaygroundAssets } from './playground-assets.js';
import { playgroundContentSecurityPolicy, renderPlaygroundPage } from './playground-page.js';

/** What the playground needs to know about the running demo. */
export interface PlaygroundOptions {
  /** The hub the gateway serves. */
  readonly easel: Easel<object>;
  /** Ids of the providers running against a simulator. */
  readonly sandboxProviders: readonly string[];
  /** Whether the gateway wants `Authorization: Bearer <key>`. */
  readonly requiresApiKey: boolean;
  /** The URL clients use, when the gateway sits behind a proxy. Default: the request's own. */
  readonly publicUrl?: string;
}

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * Serves the playground on the gateway's Fastify app (before it listens): the page at `/`, with a
 * strict Content-Security-Policy, and its client files at `/playground/<name>` (revalidated on
 * every load with an `ETag`, so a rebuilt client is picked up at once and an unchanged one costs a
 * 304). Routes added here are not behind the gateway key: the page holds no data, and every API
 * call it makes carries the key the user typed.
 */
export function registerPlayground(app: Gateway['app'], options: PlaygroundOptions): void {
  const assets = loadPlaygroundAssets();
  const sandbox = new Set(options.sandboxProviders);
  const providers = [...new Set(options.easel.models().map(model => model.provider))].map(id => ({
    id,
    sandbox: sandbox.has(id),
  }));
  const clientReady = assets.has('app.js');

  app.get('/', async (request, reply) => {
    const baseUrl = options.publicUrl ?? `${request.protocol}://${request.host}`;
    return reply
      .headers({
        ...securityHeaders,
        'content-security-policy': playgroundContentSecurityPolicy,
        'x-frame-options': 'DENY',
        'cache-control': 'no-cache',
      })
      .type('text/html; charset=utf-8')
      .send(
        renderPlaygroundPage({
          baseUrl,
          requiresApiKey: options.requiresApiKey,
          providers,
          clientReady,
        }),
      );
  });

  app.get<{ Params: { file: string } }>('/playground/:file', async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (asset === undefined) return reply.callNotFound();
    reply.headers({ ...securityHeaders, etag: asset.etag, 'cache-control': 'no-cache' });
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  });
}
