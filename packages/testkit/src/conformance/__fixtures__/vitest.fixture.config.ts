import { defineConfig } from 'vitest/config';

const conditions = ['easel-source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    root: `${import.meta.dirname}/../../..`,
    include: ['src/conformance/__fixtures__/*.fixture.ts'],
    testTimeout: 60_000,
  },
});
