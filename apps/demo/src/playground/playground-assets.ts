import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file of the playground's browser client, held in memory. */
export interface PlaygroundAsset {
  readonly body: Buffer;
  /** `Content-Type` header value. */
  readonly contentType: string;
  /** Strong `ETag` header value (a hash of the body). */
  readonly etag: string;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Only these names are ever served: no paths, no hidden files, no sources or configs. */
const servedName = /^[a-z0-9][a-z0-9-]*\.(?:js|js\.map|css|svg)$/;

/**
 * Where the client's files are looked for, first match per name wins: beside this module (the
 * built `dist/playground/client/`, or, when running from sources, the static files in
 * `src/playground/client/`), then the package's `dist/playground/client/` (the compiled modules
 * when running from sources).
 */
function defaultDirectories(): string[] {
  return [
    fileURLToPath(new URL('./client/', import.meta.url)),
    fileURLToPath(new URL('../../dist/playground/client/', import.meta.url)),
  ];
}

/**
 * Reads the playground's client files (compiled modules, source maps, styles, icon) once, at
 * start-up, so that requests never touch the disk and a file is served exactly as it was read.
 */
export function loadPlaygroundAssets(
  directories: readonly string[] = defaultDirectories(),
): ReadonlyMap<string, PlaygroundAsset> {
  const assets = new Map<string, PlaygroundAsset>();
  for (const directory of directories) {
    if (!existsSync(directory)) continue;
    for (const name of readdirSync(directory)) {
      if (assets.has(name) || !servedName.test(name)) continue;
      const body = readFileSync(join(directory, name));
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
      assets.set(name, {
        body,
        contentType: contentTypes[extname(name)] ?? 'application/octet-stream',
        etag: `"${hash}"`,
      });
    }
  }
  return assets;
}
