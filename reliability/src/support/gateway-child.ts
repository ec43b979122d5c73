import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  GatewayProcessConfig,
  GatewayProcessReply,
  GatewayProcessStats,
} from '../child/gateway-process-protocol.js';
import { record } from './transcript.js';

const entry = fileURLToPath(new URL('../child/gateway-process.ts', import.meta.url));
const typescriptHook = fileURLToPath(new URL('../child/register-typescript.mjs', import.meta.url));

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** When it ended (`Date.now()`). */
  readonly at: number;
}

/** A gateway running in a child process (see `child/gateway-process.ts`). */
export interface GatewayChild {
  readonly url: string;
  readonly pid: number;
  /** Memory and socket counters, read over IPC. */
  stats(options?: { resetBytes?: boolean }): Promise<GatewayProcessStats>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** Whether it has exited. */
  hasExited(): boolean;
  /** Send a signal to it. */
  signal(name: NodeJS.Signals): void;
  /** Kill it if still running and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Fork `child/gateway-process.ts`, running the workspace sources like the tests do (TypeScript
 * hook, `easel-source` condition), with a GC hook for memory readings. Its stdout (pino lines)
 * and stderr go to the transcript under `source`, for the secrets scan.
 */
export async function startGatewayChild(
  source: string,
  config: GatewayProcessConfig,
): Promise<GatewayChild> {
  const child: ChildProcess = fork(entry, [], {
    execArgv: ['--conditions=easel-source', '--import', typescriptHook, '--expose-gc'],
    env: { ...process.env, EASEL_RELIABILITY_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => record('child-output', `${source} stdout`, chunk));
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
    record('child-output', `${source} stderr`, chunk);
  });
  let exit: ChildExit | undefined;
  const exited = new Promise<ChildExit>(resolve =>
    child.once('exit', (code, signal) => {
      exit = { code, signal, at: Date.now() };
      resolve(exit);
    }),
  );
  const waiting = new Map<number, (stats: GatewayProcessStats) => void>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: GatewayProcessReply) => {
      if (message.type === 'ready') resolve(message.url);
      if (message.type === 'stats') {
        const { type: _type, id, ...stats } = message;
        waiting.get(id)?.(stats);
        waiting.delete(id);
      }
    });
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`the gateway process exited (${code ?? signal}) before it was ready\n${stderr}`),
      ),
    );
  });
  return {
    url,
    pid: child.pid ?? -1,
    exited,
    hasExited: () => exit !== undefined,
    stats: (options = {}) =>
      new Promise((resolve, reject) => {
        if (exit !== undefined) {
          reject(new Error('the gateway process has exited'));
          return;
        }
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ type: 'stats', id, resetBytes: options.resetBytes ?? false });
      }),
    signal: name => {
      child.kill(name);
    },
    async stop() {
      if (exit === undefined) child.kill('SIGKILL');
      await exited;
    },
  };
}
