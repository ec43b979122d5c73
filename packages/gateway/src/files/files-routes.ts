import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';
import { GatewayError } from '../http/gateway-error.js';
import type { GatewayRouteConfig } from '../http/route-config.js';

const extensions: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/**
 * Register `GET /v1/files/:id`: the stored bytes, as they are, with their media type, a length,
 * an ETag and caching until the file expires. File URLs are capability URLs (128 random bits),
 * served without a gateway key so that `<img src>` and the clients' file readers work.
 */
export function registerFileRoutes(app: FastifyInstance, context: GatewayContext): void {
  const config: GatewayRouteConfig = { public: true };
  app.get('/v1/files/:id', { config }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const content = await context.files.get(id);
    if (content === undefined) {
      throw new GatewayError({
        status: 404,
        code: 'file_not_found',
        message: `No file "${id}" (unknown, or expired).`,
        details: { id },
      });
    }
    const { file, bytes } = content;
    const etag = `"${file.id}"`;
    const maxAge = Math.max(0, Math.floor((file.expiresAt - Date.now()) / 1000));
    reply.headers({
      etag,
      'cache-control': `private, max-age=${maxAge}, immutable`,
      expires: new Date(file.expiresAt).toUTCString(),
      'last-modified': new Date(file.createdAt).toUTCString(),
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="${file.id}.${extensions[file.mediaType] ?? 'bin'}"`,
    });
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply
      .type(file.mediaType)
      .header('content-length', bytes.byteLength)
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
