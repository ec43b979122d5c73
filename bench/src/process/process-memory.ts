import { readFileSync, writeFileSync } from 'node:fs';

/** Resident memory of a process, from `/proc/<pid>/status`, in MiB. */
export interface ProcessMemory {
  /** Current resident set size (`VmRSS`). */
  readonly rssMiB: number;
  /** Peak resident set size since start or since the last `resetPeakMemory` (`VmHWM`). */
  readonly peakRssMiB: number;
}

/** Reads `VmRSS` and `VmHWM` of a process. */
export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (match === null) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]) / 1024;
  };
  return { rssMiB: field('VmRSS'), peakRssMiB: field('VmHWM') };
}

/**
 * Resets a process's peak RSS (`VmHWM`) to its current RSS by writing `5` to
 * `/proc/<pid>/clear_refs` (Linux ≥ 4.0), so the peak of one measured run can be read.
 *
 * @returns `false` when the kernel refused (the peak then covers the process's whole life).
 */
export function resetPeakMemory(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Linux clock ticks per second for `/proc/<pid>/stat` times (`getconf CLK_TCK`, 100 on Linux). */
const clockTicksPerSecond = 100;

/** CPU time a process has used so far (user + system), ms, at 10 ms resolution. */
export function readProcessCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1_000) / clockTicksPerSecond;
}
