import { defineEaselProject } from '../../vitest.shared.ts';

export default defineEaselProject({ testTimeout: 180_000 });
