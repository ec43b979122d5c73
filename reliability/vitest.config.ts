import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineEaselProject } from '../vitest.shared.ts';

/** Files in name order, the secrets scan (S2) last: it checks what every other file saw. */
class SuiteOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const last = (file: TestSpecification) => (file.moduleId.includes('s2-secrets') ? 1 : 0);
    return [...files].sort((a, b) => last(a) - last(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default mergeConfig(
  defineEaselProject({ testTimeout: 120_000 }),
  defineConfig({
    test: {
      globalSetup: ['src/support/global-setup.ts'],
      // One file at a time: the files load the two cores on their own, and S2 must run last.
      fileParallelism: false,
      sequence: { sequencer: SuiteOrder },
      hookTimeout: 60_000,
    },
  }),
);
