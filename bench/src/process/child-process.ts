import { type ChildProcess, fork } from 'node:child_process';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallMessage, ChildMessage } from './ipc-protocol.js';

/** A running child process of the harness. */
export interface ChildHandle {
  readonly pid: number;
  /** What the child announced when it became ready (its URL, …). */
  readonly info: Readonly<Record<string, unknown>>;
  /** Calls a method of the child and waits for its answer. */
  call<RESULT>(method: string, payload?: unknown): Promise<RESULT>;
  /** The last lines the child wrote to stderr (for error reports). */
  stderrTail(): string;
  /** Ends the child (SIGTERM, then SIGKILL after 2 s) and waits for it. */
  stop(): Promise<void>;
}

/** Thrown when a child says that what it should run is not there (e.g. the gateway has not landed). */
export class ChildUnavailableError extends Error {
  override readonly name = 'ChildUnavailableError';
}

/** Options of `startChild`. */
export interface StartChildOptions {
  /** Arguments after the script. */
  readonly args?: readonly string[];
  /** Node flags, e.g. `--import <probe>` or `--expose-gc`. */
  readonly execArgv?: readonly string[];
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for `ready`, ms. Default 30 000. */
  readonly readyTimeoutMs?: number;
  /**
   * Children that never send `ready` (third-party servers): how to tell that they are up. The
   * child then counts as ready once this resolves.
   */
  readonly waitUntilReady?: () => Promise<Readonly<Record<string, unknown>>>;
  /** Where the child's stdout goes. Default `ignore`: logs cost what they cost, and are dropped. */
  readonly stdout?: 'ignore' | 'inherit';
  /**
   * With `pnpm bench --profile`, the child runs with `--cpu-prof` and writes its profile to
   * `bench/profiles/<profileName>/` when it stops.
   */
  readonly profileName?: string;
}

/** Set by `--profile`: where CPU profiles of the measured processes go. */
export const profileDirectoryVariable = 'EASEL_BENCH_PROFILE_DIR';

/** Resolves a module of this package (`dist/…` at run time) to a path. */
export function modulePath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

/**
 * Forks a Node.js child with an IPC channel and waits until it announces `ready`.
 *
 * @throws ChildUnavailableError when the child answers `unavailable`.
 */
export async function startChild(
  script: string,
  options: StartChildOptions = {},
): Promise<ChildHandle> {
  const profileDirectory = process.env[profileDirectoryVariable];
  const profiling =
    profileDirectory !== undefined && options.profileName !== undefined
      ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDirectory, options.profileName)}`]
      : [];
  const child = fork(script, [...(options.args ?? [])], {
    execArgv: [...profiling, ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.stdout === 'inherit' ? 'inherit' : 'ignore', 'pipe', 'ipc'],
  });
  const name = basename(script);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) {
      waiter.reject(new Error(`${name} exited (${code ?? signal}) during a call\n${stderr}`));
    }
    pending.clear();
  });
  child.on('message', (message: ChildMessage) => {
    if (message.type !== 'reply' && message.type !== 'failure') return;
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (message.type === 'reply') waiter.resolve(message.result);
    else waiter.reject(new Error(message.message));
  });

  const info = await waitForReady(child, name, options, () => stderr);
  const handle: ChildHandle = {
    pid: child.pid ?? -1,
    info,
    call: <RESULT>(method: string, payload?: unknown) =>
      new Promise<RESULT>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const message: CallMessage = { type: 'call', id, method, payload: payload ?? null };
        child.send(message);
      }),
    stderrTail: () => stderr,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return handle;
}

function waitForReady(
  child: ChildProcess,
  script: string,
  options: StartChildOptions,
  stderr: () => string,
): Promise<Readonly<Record<string, unknown>>> {
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} was not ready within ${timeoutMs} ms\n${stderr()}`));
    }, timeoutMs);
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      outcome();
    };
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready' && options.waitUntilReady === undefined) {
        settle(() => resolve(message.info));
      } else if (message.type === 'unavailable') {
        settle(() => reject(new ChildUnavailableError(message.reason)));
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      settle(() =>
        reject(new Error(`${script} exited (${code ?? signal}) before it was ready\n${stderr()}`)),
      );
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (options.waitUntilReady !== undefined) {
      options.waitUntilReady().then(
        info => settle(() => resolve(info)),
        (error: unknown) =>
          settle(() => reject(error instanceof Error ? error : new Error(String(error)))),
      );
    }
  });
}
