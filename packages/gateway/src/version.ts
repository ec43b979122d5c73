/** Version of `@easel/gateway`. Kept equal to package.json by `scripts/sync-versions.mjs` (checked by a test). */
export const VERSION = '0.0.0';
