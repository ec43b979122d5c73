/** Version of `@easel/provider-flux`. Kept equal to package.json by `scripts/sync-versions.mjs` (checked by a test). */
export const VERSION = '0.0.0';
