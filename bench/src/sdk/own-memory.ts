import { readProcessMemory, resetPeakMemory } from '../process/process-memory.js';

/** This process's RSS and peak RSS (MiB). */
export function ownMemory() {
  return readProcessMemory(process.pid);
}

/** Resets this process's peak RSS to its current RSS; `false` when the kernel refused. */
export function resetOwnPeak(): boolean {
  return resetPeakMemory(process.pid);
}

/** Collects garbage when the process runs with `--expose-gc` (twice: weak callbacks free more). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}
