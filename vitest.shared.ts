import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings for every workspace package. Workspace packages resolve each other through
 * the `easel-source` export condition, so tests run against sources and never wait for a build.
 */
const conditions = ['easel-source', 'module', 'node', 'development|production'];

export function defineEaselProject(overrides: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      include: ['src/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 15_000,
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      reporters: process.env.CI ? ['default'] : ['default'],
    },
  });
}
