import { defineEaselProject } from '../../vitest.shared.ts';

export default defineEaselProject();
